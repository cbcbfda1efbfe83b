CREATE TABLE "idempotency_keys" (
	"user_id" text NOT NULL,
	"key" text NOT NULL,
	"request_hash" text NOT NULL,
	"response" jsonb,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "idempotency_keys_user_id_key_pk" PRIMARY KEY("user_id","key")
);
--> statement-breakpoint
ALTER TABLE "livestreams" ADD COLUMN "viewer_count" integer DEFAULT 0 NOT NULL;--> statement-breakpoint
ALTER TABLE "livestreams" ADD COLUMN "viewers_checked_at" timestamp with time zone;--> statement-breakpoint
ALTER TABLE "livestreams" ADD COLUMN "recording_final_at" timestamp with time zone;--> statement-breakpoint
ALTER TABLE "livestreams" ADD COLUMN "reconcile_lease_until" timestamp with time zone;--> statement-breakpoint
CREATE INDEX "idempotency_keys_created_idx" ON "idempotency_keys" USING btree ("created_at");--> statement-breakpoint
CREATE INDEX "livestreams_live_updated_idx" ON "livestreams" USING btree ("updated_at") WHERE "livestreams"."status" in ('starting', 'active', 'stopping');