// A database of its own for a host that uses Postgres, on the server the test suite uses
// (DATABASE_URL, else the local default); dropped afterwards.
import { randomBytes } from "node:crypto";
import postgres from "postgres";

const SERVER = process.env.DATABASE_URL ?? "postgres://postgres@127.0.0.1:5432/postgres";

export async function withDatabase<T>(use: (databaseUrl: string) => Promise<T>): Promise<T> {
  const name = `golive_install_${randomBytes(6).toString("hex")}`;
  const admin = postgres(SERVER, { max: 1, onnotice: () => {} });
  try {
    await admin.unsafe(`create database ${name}`);
    const url = new URL(SERVER);
    url.pathname = `/${name}`;
    return await use(url.toString());
  } finally {
    await admin.unsafe(`drop database if exists ${name} with (force)`).catch(() => undefined);
    await admin.end({ timeout: 5 });
  }
}
