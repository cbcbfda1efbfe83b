CREATE TABLE "room_presence" (
	"room_name" text NOT NULL,
	"identity" text NOT NULL,
	"room_sid" text NOT NULL,
	"participant_sid" text NOT NULL,
	"joined_at" timestamp (3) with time zone NOT NULL,
	"left_at" timestamp with time zone,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "room_presence_room_name_identity_pk" PRIMARY KEY("room_name","identity")
);
--> statement-breakpoint
ALTER TABLE "livestreams" ADD COLUMN "reconcile_checked_at" timestamp with time zone;--> statement-breakpoint
CREATE INDEX "room_presence_joined_idx" ON "room_presence" USING btree ("joined_at");--> statement-breakpoint
CREATE INDEX "livestreams_live_reconcile_checked_idx" ON "livestreams" USING btree ("reconcile_checked_at" NULLS FIRST,"updated_at") WHERE "livestreams"."status" in ('starting', 'active', 'stopping');