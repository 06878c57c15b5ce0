import { createDbClient } from "../../lib/db/create-db-client";
import { seedDemo } from "../../lib/demo/seed-demo";
const db = createDbClient(process.env.DATABASE_URL!);
const t = Date.now();
console.log(await seedDemo(db, { ownerEmail: "owner@acme.test" }), Date.now() - t, "ms");
console.log(await seedDemo(db, { ownerEmail: "owner@acme.test" }));
await db.$disconnect();
