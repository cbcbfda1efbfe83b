ALTER TABLE "golive"."livestreams" ADD COLUMN "ingest_health" jsonb;--> statement-breakpoint
ALTER TABLE "golive"."livestreams" ADD COLUMN "mux_warning" jsonb;