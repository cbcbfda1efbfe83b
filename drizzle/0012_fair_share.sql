CREATE TABLE "livestream_change_rate" (
	"livestream_id" uuid PRIMARY KEY NOT NULL,
	"next_at" timestamp (3) with time zone NOT NULL
);
--> statement-breakpoint
CREATE TABLE "mux_post_turns" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"environment" text NOT NULL,
	"requester" text NOT NULL,
	"turn_at" timestamp (3) with time zone NOT NULL
);
--> statement-breakpoint
ALTER TABLE "livestream_change_rate" ADD CONSTRAINT "livestream_change_rate_livestream_id_livestreams_id_fk" FOREIGN KEY ("livestream_id") REFERENCES "public"."livestreams"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "mux_post_turns_env_requester_turn_idx" ON "mux_post_turns" USING btree ("environment","requester","turn_at");--> statement-breakpoint
CREATE INDEX "mux_post_turns_env_turn_idx" ON "mux_post_turns" USING btree ("environment","turn_at");