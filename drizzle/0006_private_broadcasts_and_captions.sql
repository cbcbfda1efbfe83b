CREATE TABLE "share_links" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"livestream_id" uuid NOT NULL,
	"created_by" text NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"expires_at" timestamp with time zone NOT NULL,
	"revoked_at" timestamp with time zone
);
--> statement-breakpoint
ALTER TABLE "livestreams" ADD COLUMN "visibility" text DEFAULT 'public' NOT NULL;--> statement-breakpoint
ALTER TABLE "livestreams" ADD COLUMN "captions" text;--> statement-breakpoint
ALTER TABLE "share_links" ADD CONSTRAINT "share_links_livestream_id_livestreams_id_fk" FOREIGN KEY ("livestream_id") REFERENCES "public"."livestreams"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "share_links" ADD CONSTRAINT "share_links_created_by_user_id_fk" FOREIGN KEY ("created_by") REFERENCES "public"."user"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "share_links_livestream_idx" ON "share_links" USING btree ("livestream_id","created_at" DESC NULLS LAST);--> statement-breakpoint
ALTER TABLE "livestreams" ADD CONSTRAINT "livestreams_visibility_check" CHECK (visibility in ('public', 'private'));--> statement-breakpoint
ALTER TABLE "livestreams" ADD CONSTRAINT "livestreams_captions_check" CHECK (captions is null or captions in ('en', 'es', 'it', 'pt', 'de', 'fr'));