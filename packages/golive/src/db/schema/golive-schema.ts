// The Postgres schema every golive table lives in, apart from the host's `public` tables, so a
// host's drizzle-kit never sees them and golive's migrations never touch the host's
// (docs/architecture.md, "What golive owns in the database").
import { pgSchema } from "drizzle-orm/pg-core";

export const GOLIVE_SCHEMA = "golive";
export const goliveSchema = pgSchema(GOLIVE_SCHEMA);
