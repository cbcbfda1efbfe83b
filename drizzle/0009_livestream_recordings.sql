CREATE TABLE "livestream_recordings" (
	"mux_asset_id" text PRIMARY KEY NOT NULL,
	"livestream_id" uuid NOT NULL,
	"vod_playback_id" text,
	"duration_seconds" double precision,
	"asset_created_at" timestamp with time zone NOT NULL,
	"final_at" timestamp with time zone,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
ALTER TABLE "livestream_recordings" ADD CONSTRAINT "livestream_recordings_livestream_id_livestreams_id_fk" FOREIGN KEY ("livestream_id") REFERENCES "public"."livestreams"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "livestream_recordings_livestream_idx" ON "livestream_recordings" USING btree ("livestream_id","asset_created_at");--> statement-breakpoint
CREATE INDEX "livestream_recordings_playback_idx" ON "livestream_recordings" USING btree ("vod_playback_id");