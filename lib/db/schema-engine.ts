// Loads Prisma's schema engine from its npm-published WebAssembly build, so
// migrations run without the native engine download (see ENVIRONMENT.md).
// The package entry imports a .wasm file as an ES module, which Node cannot
// do, so the module is instantiated here by hand.
import { readFile } from "node:fs/promises";
import { createRequire } from "node:module";
import path from "node:path";
import { PrismaPg } from "@prisma/adapter-pg";
import { parse } from "pg-connection-string";
import pg from "pg";
import { randomUUID } from "node:crypto";
import { bindMigrationAwareSqlAdapterFactory } from "@prisma/driver-adapter-utils";

type Bindgen = typeof import("@prisma/schema-engine-wasm/schema_engine_bg");
type Engine = Awaited<ReturnType<Bindgen["SchemaEngine"]["new"]>>;

let bindgen: Promise<Bindgen> | undefined;

async function loadBindgen(): Promise<Bindgen> {
  const require = createRequire(import.meta.url);
  const pkgDir = path.dirname(require.resolve("@prisma/schema-engine-wasm/schema_engine_bg"));
  const bg: Bindgen = await import("@prisma/schema-engine-wasm/schema_engine_bg");
  const bytes = await readFile(path.join(pkgDir, "schema_engine_bg.wasm"));
  const compiled = await WebAssembly.compile(bytes);
  const instance = new WebAssembly.Instance(compiled, { "./schema_engine_bg.js": bg as unknown as WebAssembly.ModuleImports });
  bg.__wbg_set_wasm(instance.exports);
  (instance.exports as { __wbindgen_start: () => void }).__wbindgen_start();
  return bg;
}

function poolConfigFromUrl(databaseUrl: string): pg.PoolConfig {
  const { host, port, user, password, database } = parse(databaseUrl);
  return { host: host ?? undefined, port: port ? Number(port) : undefined, user, password, database: database ?? undefined, max: 2 };
}

// The engine's schema description reads catalog columns of Postgres's
// internal "char" type, which this adapter version cannot map; they are text.
class CharAsTextClient extends pg.Client {
  override query(...args: unknown[]): never {
    const fix = (res: pg.QueryResult | undefined) => {
      for (const field of res?.fields ?? []) if (field.dataTypeID === 18) field.dataTypeID = 25;
      return res;
    };
    const last = args.at(-1);
    if (typeof last === "function") {
      args[args.length - 1] = (err: Error | null, res: pg.QueryResult) => last(err, fix(res));
    }
    const result = (super.query as (...a: unknown[]) => unknown)(...args);
    return (result instanceof Promise ? result.then(fix) : result) as never;
  }
}

function createPool(config: pg.PoolConfig) {
  const pool = new pg.Pool({ ...config, Client: CharAsTextClient });
  // The shadow database is force-dropped; its closing connections may report that.
  pool.on("error", () => {});
  return pool;
}

// The adapter's own shadow database (used by `diff` to replay migrations)
// connects to the main database when given a connection string, and drops the
// shadow database while its pool is still open. This one does neither.
class MigrationPrismaPg extends PrismaPg {
  constructor(
    private readonly poolConfig: pg.PoolConfig,
    readonly pool = createPool(poolConfig),
  ) {
    super(pool);
  }

  override async connectToShadowDb() {
    const database = `tollgate_shadow_${randomUUID().replaceAll("-", "")}`;
    const admin = new pg.Client(this.poolConfig);
    await admin.connect();
    await admin.query(`CREATE DATABASE "${database}"`);
    const pool = createPool({ ...this.poolConfig, database });
    const shadow = await new PrismaPg(pool).connect();
    const dispose = shadow.dispose.bind(shadow);
    shadow.dispose = async () => {
      await dispose();
      await pool.end();
      await admin.query(`DROP DATABASE IF EXISTS "${database}" WITH (FORCE)`);
      await admin.end();
    };
    return shadow;
  }
}

export interface SchemaEngineHandle {
  engine: Engine;
  close: () => Promise<void>;
}

/** Opens a schema engine connected to `databaseUrl` with `schema` as its datamodel. */
export async function openSchemaEngine(databaseUrl: string, schema: { path: string; content: string }): Promise<SchemaEngineHandle> {
  bindgen ??= loadBindgen();
  const { SchemaEngine } = await bindgen;
  const adapter = new MigrationPrismaPg(poolConfigFromUrl(databaseUrl));
  const factory = bindMigrationAwareSqlAdapterFactory(adapter);
  const logs: string[] = [];
  const engine = await SchemaEngine.new({ datamodels: [[schema.path, schema.content]] }, (line: string) => logs.push(line), factory);
  return {
    engine,
    close: async () => {
      engine.free();
      await adapter.pool.end();
    },
  };
}
