-- golive's tables, in schema golive (docs/architecture.md, "What golive owns in the database").
-- A database of the reference app from before then (its migrations through 0014_host_user_ids,
-- recorded in drizzle.__drizzle_migrations at 1796194447487) has them in public: they move here
-- with their rows, indexes, constraints, sequences and row types. The statements after that
-- create only what is missing, so a fresh database gets every table and an adopted one none.
DO $$
DECLARE
  t text;
BEGIN
  IF to_regnamespace('golive') IS NULL THEN
    CREATE SCHEMA "golive";
  END IF;
  IF to_regclass('drizzle.__drizzle_migrations') IS NOT NULL THEN
    IF EXISTS (SELECT 1 FROM drizzle.__drizzle_migrations WHERE created_at = 1796194447487) THEN
      FOREACH t IN ARRAY ARRAY['livestream_change_rate', 'mux_post_turns', 'idempotency_keys', 'livestreams', 'pending_egress_events', 'room_presence', 'livestream_recordings', 'room_invites', 'room_members', 'room_removals', 'rooms', 'scheduled_work', 'share_links', 'mux_rate_limits', 'mux_stream_pool', 'webhook_events'] LOOP
        IF to_regclass(format('public.%I', t)) IS NOT NULL AND to_regclass(format('golive.%I', t)) IS NULL THEN
          EXECUTE format('ALTER TABLE public.%I SET SCHEMA golive', t);
        END IF;
      END LOOP;
    END IF;
  END IF;
END $$;
--> statement-breakpoint
CREATE TABLE IF NOT EXISTS "golive"."livestream_change_rate" (
	"livestream_id" uuid PRIMARY KEY NOT NULL,
	"next_at" timestamp (3) with time zone NOT NULL
);
--> statement-breakpoint
CREATE TABLE IF NOT EXISTS "golive"."mux_post_turns" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"environment" text NOT NULL,
	"requester" text NOT NULL,
	"turn_at" timestamp (3) with time zone NOT NULL
);
--> statement-breakpoint
CREATE TABLE IF NOT EXISTS "golive"."idempotency_keys" (
	"user_id" text NOT NULL,
	"key" text NOT NULL,
	"request_hash" text NOT NULL,
	"response" jsonb,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "idempotency_keys_user_id_key_pk" PRIMARY KEY("user_id","key")
);
--> statement-breakpoint
CREATE TABLE IF NOT EXISTS "golive"."livestreams" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"room_name" text NOT NULL,
	"egress_id" text,
	"mux_live_stream_id" text,
	"mux_playback_id" text,
	"mux_stream_key" text,
	"rtmp_url" text,
	"status" text DEFAULT 'idle' NOT NULL,
	"mux_asset_id" text,
	"started_at" timestamp with time zone,
	"ended_at" timestamp with time zone,
	"user_id" text NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	"failure_reason" text,
	"vod_playback_id" text,
	"destinations" jsonb DEFAULT '[]'::jsonb NOT NULL,
	"viewer_count" integer DEFAULT 0 NOT NULL,
	"viewers_checked_at" timestamp with time zone,
	"recording_final_at" timestamp with time zone,
	"reconcile_lease_until" timestamp with time zone,
	"reconcile_checked_at" timestamp with time zone,
	"egress_updated_at" bigint,
	"layout" text DEFAULT 'grid' NOT NULL,
	"quality" text DEFAULT '1080p30' NOT NULL,
	"orientation" text DEFAULT 'landscape' NOT NULL,
	"destination_urls_sealed" text,
	"destination_key_hashes" jsonb DEFAULT '[]'::jsonb NOT NULL,
	"visibility" text DEFAULT 'public' NOT NULL,
	"captions" text,
	CONSTRAINT "livestreams_status_check" CHECK (status in ('idle', 'starting', 'active', 'stopping', 'completed', 'failed')),
	CONSTRAINT "livestreams_layout_check" CHECK (layout in ('grid', 'speaker', 'single-speaker', 'grid-light', 'speaker-light', 'single-speaker-light')),
	CONSTRAINT "livestreams_quality_check" CHECK (quality in ('720p30', '720p60', '1080p30', '1080p60')),
	CONSTRAINT "livestreams_orientation_check" CHECK (orientation in ('landscape', 'portrait')),
	CONSTRAINT "livestreams_visibility_check" CHECK (visibility in ('public', 'private')),
	CONSTRAINT "livestreams_captions_check" CHECK (captions is null or captions in ('en', 'es', 'it', 'pt', 'de', 'fr'))
);
--> statement-breakpoint
CREATE TABLE IF NOT EXISTS "golive"."pending_egress_events" (
	"seq" bigserial PRIMARY KEY NOT NULL,
	"egress_id" text NOT NULL,
	"update" jsonb NOT NULL,
	"received_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE IF NOT EXISTS "golive"."room_presence" (
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
CREATE TABLE IF NOT EXISTS "golive"."livestream_recordings" (
	"mux_asset_id" text PRIMARY KEY NOT NULL,
	"livestream_id" uuid NOT NULL,
	"vod_playback_id" text,
	"duration_seconds" double precision,
	"asset_created_at" timestamp with time zone NOT NULL,
	"final_at" timestamp with time zone,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE IF NOT EXISTS "golive"."room_invites" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"room_name" text NOT NULL,
	"role" text NOT NULL,
	"created_by" text NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"expires_at" timestamp with time zone NOT NULL,
	"revoked_at" timestamp with time zone,
	CONSTRAINT "room_invites_role_check" CHECK (role in ('host', 'guest', 'viewer'))
);
--> statement-breakpoint
CREATE TABLE IF NOT EXISTS "golive"."room_members" (
	"room_name" text NOT NULL,
	"user_id" text NOT NULL,
	"role" text NOT NULL,
	"invite_id" uuid,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "room_members_room_name_user_id_pk" PRIMARY KEY("room_name","user_id"),
	CONSTRAINT "room_members_role_check" CHECK (role in ('host', 'guest', 'viewer'))
);
--> statement-breakpoint
CREATE TABLE IF NOT EXISTS "golive"."room_removals" (
	"room_name" text NOT NULL,
	"user_id" text NOT NULL,
	"removed_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "room_removals_room_name_user_id_pk" PRIMARY KEY("room_name","user_id")
);
--> statement-breakpoint
CREATE TABLE IF NOT EXISTS "golive"."rooms" (
	"name" text PRIMARY KEY NOT NULL,
	"owner_id" text NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE IF NOT EXISTS "golive"."scheduled_work" (
	"name" text PRIMARY KEY NOT NULL,
	"holder" text NOT NULL,
	"lease_until" timestamp with time zone NOT NULL,
	"last_run_at" timestamp with time zone
);
--> statement-breakpoint
CREATE TABLE IF NOT EXISTS "golive"."share_links" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"livestream_id" uuid NOT NULL,
	"created_by" text NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"expires_at" timestamp with time zone NOT NULL,
	"revoked_at" timestamp with time zone
);
--> statement-breakpoint
CREATE TABLE IF NOT EXISTS "golive"."mux_rate_limits" (
	"environment" text PRIMARY KEY NOT NULL,
	"post_next_at" timestamp (3) with time zone NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE IF NOT EXISTS "golive"."mux_stream_pool" (
	"id" uuid PRIMARY KEY NOT NULL,
	"environment" text NOT NULL,
	"state" text DEFAULT 'creating' NOT NULL,
	"mux_live_stream_id" text,
	"mux_playback_id" text,
	"mux_stream_key" text,
	"livestream_id" uuid,
	"created_at" timestamp (3) with time zone DEFAULT now() NOT NULL,
	"claimed_at" timestamp (3) with time zone,
	CONSTRAINT "mux_stream_pool_state_check" CHECK (state in ('creating', 'ready', 'claimed')),
	CONSTRAINT "mux_stream_pool_stream_check" CHECK ("golive"."mux_stream_pool"."state" = 'creating' or ("golive"."mux_stream_pool"."mux_live_stream_id" is not null and "golive"."mux_stream_pool"."mux_playback_id" is not null and "golive"."mux_stream_pool"."mux_stream_key" is not null)),
	CONSTRAINT "mux_stream_pool_claim_check" CHECK (("golive"."mux_stream_pool"."state" = 'claimed') = ("golive"."mux_stream_pool"."livestream_id" is not null and "golive"."mux_stream_pool"."claimed_at" is not null))
);
--> statement-breakpoint
CREATE TABLE IF NOT EXISTS "golive"."webhook_events" (
	"source" text NOT NULL,
	"event_id" text NOT NULL,
	"received_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "webhook_events_source_event_id_pk" PRIMARY KEY("source","event_id")
);
--> statement-breakpoint
DO $$ BEGIN ALTER TABLE "golive"."livestream_change_rate" ADD CONSTRAINT "livestream_change_rate_livestream_id_livestreams_id_fk" FOREIGN KEY ("livestream_id") REFERENCES "golive"."livestreams"("id") ON DELETE cascade ON UPDATE no action; EXCEPTION WHEN duplicate_object THEN NULL; END $$;--> statement-breakpoint
DO $$ BEGIN ALTER TABLE "golive"."livestream_recordings" ADD CONSTRAINT "livestream_recordings_livestream_id_livestreams_id_fk" FOREIGN KEY ("livestream_id") REFERENCES "golive"."livestreams"("id") ON DELETE cascade ON UPDATE no action; EXCEPTION WHEN duplicate_object THEN NULL; END $$;--> statement-breakpoint
DO $$ BEGIN ALTER TABLE "golive"."room_invites" ADD CONSTRAINT "room_invites_room_name_rooms_name_fk" FOREIGN KEY ("room_name") REFERENCES "golive"."rooms"("name") ON DELETE cascade ON UPDATE no action; EXCEPTION WHEN duplicate_object THEN NULL; END $$;--> statement-breakpoint
DO $$ BEGIN ALTER TABLE "golive"."room_members" ADD CONSTRAINT "room_members_room_name_rooms_name_fk" FOREIGN KEY ("room_name") REFERENCES "golive"."rooms"("name") ON DELETE cascade ON UPDATE no action; EXCEPTION WHEN duplicate_object THEN NULL; END $$;--> statement-breakpoint
DO $$ BEGIN ALTER TABLE "golive"."room_members" ADD CONSTRAINT "room_members_invite_id_room_invites_id_fk" FOREIGN KEY ("invite_id") REFERENCES "golive"."room_invites"("id") ON DELETE set null ON UPDATE no action; EXCEPTION WHEN duplicate_object THEN NULL; END $$;--> statement-breakpoint
DO $$ BEGIN ALTER TABLE "golive"."room_removals" ADD CONSTRAINT "room_removals_room_name_rooms_name_fk" FOREIGN KEY ("room_name") REFERENCES "golive"."rooms"("name") ON DELETE cascade ON UPDATE no action; EXCEPTION WHEN duplicate_object THEN NULL; END $$;--> statement-breakpoint
DO $$ BEGIN ALTER TABLE "golive"."share_links" ADD CONSTRAINT "share_links_livestream_id_livestreams_id_fk" FOREIGN KEY ("livestream_id") REFERENCES "golive"."livestreams"("id") ON DELETE cascade ON UPDATE no action; EXCEPTION WHEN duplicate_object THEN NULL; END $$;--> statement-breakpoint
CREATE INDEX IF NOT EXISTS "mux_post_turns_env_requester_turn_idx" ON "golive"."mux_post_turns" USING btree ("environment","requester","turn_at");--> statement-breakpoint
CREATE INDEX IF NOT EXISTS "mux_post_turns_env_turn_idx" ON "golive"."mux_post_turns" USING btree ("environment","turn_at");--> statement-breakpoint
CREATE INDEX IF NOT EXISTS "idempotency_keys_created_idx" ON "golive"."idempotency_keys" USING btree ("created_at");--> statement-breakpoint
CREATE UNIQUE INDEX IF NOT EXISTS "livestreams_one_live_per_room" ON "golive"."livestreams" USING btree ("room_name") WHERE "golive"."livestreams"."status" in ('starting', 'active', 'stopping');--> statement-breakpoint
CREATE INDEX IF NOT EXISTS "livestreams_user_created_idx" ON "golive"."livestreams" USING btree ("user_id","created_at" DESC NULLS LAST);--> statement-breakpoint
CREATE INDEX IF NOT EXISTS "livestreams_user_room_created_idx" ON "golive"."livestreams" USING btree ("user_id","room_name","created_at" DESC NULLS LAST);--> statement-breakpoint
CREATE INDEX IF NOT EXISTS "livestreams_room_created_idx" ON "golive"."livestreams" USING btree ("room_name","created_at" DESC NULLS LAST);--> statement-breakpoint
CREATE INDEX IF NOT EXISTS "livestreams_live_updated_idx" ON "golive"."livestreams" USING btree ("updated_at") WHERE "golive"."livestreams"."status" in ('starting', 'active', 'stopping');--> statement-breakpoint
CREATE INDEX IF NOT EXISTS "livestreams_live_reconcile_checked_idx" ON "golive"."livestreams" USING btree ("reconcile_checked_at" NULLS FIRST,"updated_at") WHERE "golive"."livestreams"."status" in ('starting', 'active', 'stopping');--> statement-breakpoint
CREATE INDEX IF NOT EXISTS "livestreams_mux_live_stream_id_idx" ON "golive"."livestreams" USING btree ("mux_live_stream_id");--> statement-breakpoint
CREATE INDEX IF NOT EXISTS "livestreams_egress_id_idx" ON "golive"."livestreams" USING btree ("egress_id");--> statement-breakpoint
CREATE INDEX IF NOT EXISTS "pending_egress_events_egress_idx" ON "golive"."pending_egress_events" USING btree ("egress_id");--> statement-breakpoint
CREATE INDEX IF NOT EXISTS "room_presence_joined_idx" ON "golive"."room_presence" USING btree ("joined_at");--> statement-breakpoint
CREATE INDEX IF NOT EXISTS "livestream_recordings_livestream_idx" ON "golive"."livestream_recordings" USING btree ("livestream_id","asset_created_at");--> statement-breakpoint
CREATE INDEX IF NOT EXISTS "livestream_recordings_playback_idx" ON "golive"."livestream_recordings" USING btree ("vod_playback_id");--> statement-breakpoint
CREATE INDEX IF NOT EXISTS "room_invites_room_idx" ON "golive"."room_invites" USING btree ("room_name","created_at" DESC NULLS LAST);--> statement-breakpoint
CREATE INDEX IF NOT EXISTS "room_members_user_idx" ON "golive"."room_members" USING btree ("user_id","created_at" DESC NULLS LAST);--> statement-breakpoint
CREATE INDEX IF NOT EXISTS "share_links_livestream_idx" ON "golive"."share_links" USING btree ("livestream_id","created_at" DESC NULLS LAST);--> statement-breakpoint
CREATE INDEX IF NOT EXISTS "mux_stream_pool_env_state_created_idx" ON "golive"."mux_stream_pool" USING btree ("environment","state","created_at");--> statement-breakpoint
CREATE INDEX IF NOT EXISTS "mux_stream_pool_mux_live_stream_id_idx" ON "golive"."mux_stream_pool" USING btree ("mux_live_stream_id");--> statement-breakpoint
CREATE INDEX IF NOT EXISTS "webhook_events_received_idx" ON "golive"."webhook_events" USING btree ("received_at");