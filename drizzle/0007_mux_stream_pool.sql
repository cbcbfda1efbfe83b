CREATE TABLE "mux_rate_limits" (
	"environment" text PRIMARY KEY NOT NULL,
	"post_next_at" timestamp (3) with time zone NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "mux_stream_pool" (
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
	CONSTRAINT "mux_stream_pool_stream_check" CHECK ("mux_stream_pool"."state" = 'creating' or ("mux_stream_pool"."mux_live_stream_id" is not null and "mux_stream_pool"."mux_playback_id" is not null and "mux_stream_pool"."mux_stream_key" is not null)),
	CONSTRAINT "mux_stream_pool_claim_check" CHECK (("mux_stream_pool"."state" = 'claimed') = ("mux_stream_pool"."livestream_id" is not null and "mux_stream_pool"."claimed_at" is not null))
);
--> statement-breakpoint
CREATE INDEX "mux_stream_pool_env_state_created_idx" ON "mux_stream_pool" USING btree ("environment","state","created_at");--> statement-breakpoint
CREATE INDEX "mux_stream_pool_mux_live_stream_id_idx" ON "mux_stream_pool" USING btree ("mux_live_stream_id");