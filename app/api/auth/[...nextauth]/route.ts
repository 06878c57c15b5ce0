import NextAuth from "next-auth";
import type { NextRequest } from "next/server";
import { getAuthOptions } from "@/lib/auth/auth-options";

type Ctx = { params: Promise<{ nextauth: string[] }> };

// Options are built on first request: the secret comes from the validated env.
const handler = (req: NextRequest, ctx: Ctx) => NextAuth(req, ctx, getAuthOptions());

export { handler as GET, handler as POST };
