ALTER TABLE "golive"."livestreams" ADD COLUMN "title" text;--> statement-breakpoint
ALTER TABLE "golive"."livestreams" ADD COLUMN "description" text;