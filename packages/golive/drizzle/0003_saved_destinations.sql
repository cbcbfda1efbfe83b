CREATE TABLE "golive"."saved_destinations" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"user_id" text NOT NULL,
	"name" text NOT NULL,
	"type" text NOT NULL,
	"server" text,
	"stream_key_sealed" text NOT NULL,
	"masked_key" text NOT NULL,
	"masked_url" text NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "saved_destinations_type_check" CHECK (type in ('youtube', 'twitch', 'custom'))
);
--> statement-breakpoint
CREATE UNIQUE INDEX "saved_destinations_user_name_idx" ON "golive"."saved_destinations" USING btree ("user_id",lower("name"));