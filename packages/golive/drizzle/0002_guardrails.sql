-- Guardrails (docs/architecture.md, "Guardrails"): why golive itself ended a broadcast, and its
-- maximum length as MUX holds its stream to. Nullable columns with no default: no row is rewritten.
ALTER TABLE "golive"."livestreams" ADD COLUMN "end_reason" text;--> statement-breakpoint
ALTER TABLE "golive"."livestreams" ADD COLUMN "max_duration_seconds" integer;