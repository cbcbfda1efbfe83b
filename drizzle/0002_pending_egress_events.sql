CREATE TABLE "pending_egress_events" (
	"seq" bigserial PRIMARY KEY NOT NULL,
	"egress_id" text NOT NULL,
	"update" jsonb NOT NULL,
	"received_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE INDEX "pending_egress_events_egress_idx" ON "pending_egress_events" USING btree ("egress_id");