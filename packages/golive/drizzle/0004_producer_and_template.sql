CREATE TABLE "golive"."clips" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"user_id" text NOT NULL,
	"livestream_id" uuid NOT NULL,
	"source_asset_id" text NOT NULL,
	"start_seconds" double precision NOT NULL,
	"end_seconds" double precision NOT NULL,
	"program_start_at" timestamp with time zone,
	"program_end_at" timestamp with time zone,
	"title" text,
	"kind" text DEFAULT 'instant' NOT NULL,
	"mux_clip_asset_id" text,
	"state" text DEFAULT 'ready' NOT NULL,
	"playback_id" text,
	"failure_reason" text,
	"mp4_state" text DEFAULT 'none' NOT NULL,
	"mp4_file_name" text,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "clips_kind_check" CHECK (kind in ('instant', 'asset')),
	CONSTRAINT "clips_state_check" CHECK (state in ('preparing', 'ready', 'errored', 'deleted')),
	CONSTRAINT "clips_mp4_state_check" CHECK (mp4_state in ('none', 'preparing', 'ready', 'errored')),
	CONSTRAINT "clips_range_check" CHECK (end_seconds > start_seconds and start_seconds >= 0)
);
--> statement-breakpoint
ALTER TABLE "golive"."livestreams" ADD COLUMN "ingest_health" jsonb;--> statement-breakpoint
ALTER TABLE "golive"."livestreams" ADD COLUMN "mux_warning" jsonb;--> statement-breakpoint
ALTER TABLE "golive"."livestreams" ADD COLUMN "template_ready_by" timestamp with time zone;--> statement-breakpoint
ALTER TABLE "golive"."livestream_recordings" ADD COLUMN "mp4_state" text DEFAULT 'none' NOT NULL;--> statement-breakpoint
ALTER TABLE "golive"."livestream_recordings" ADD COLUMN "mp4_file_name" text;--> statement-breakpoint
ALTER TABLE "golive"."rooms" ADD COLUMN "guests_join_on_stage" boolean DEFAULT false NOT NULL;--> statement-breakpoint
ALTER TABLE "golive"."clips" ADD CONSTRAINT "clips_livestream_id_livestreams_id_fk" FOREIGN KEY ("livestream_id") REFERENCES "golive"."livestreams"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "clips_livestream_created_idx" ON "golive"."clips" USING btree ("livestream_id","created_at","id");--> statement-breakpoint
CREATE UNIQUE INDEX "clips_mux_clip_asset_idx" ON "golive"."clips" USING btree ("mux_clip_asset_id");--> statement-breakpoint
ALTER TABLE "golive"."livestream_recordings" ADD CONSTRAINT "livestream_recordings_mp4_state_check" CHECK (mp4_state in ('none', 'preparing', 'ready', 'errored'));