ALTER TABLE "livestreams" ADD COLUMN "layout" text DEFAULT 'grid' NOT NULL;--> statement-breakpoint
ALTER TABLE "livestreams" ADD COLUMN "quality" text DEFAULT '1080p30' NOT NULL;--> statement-breakpoint
ALTER TABLE "livestreams" ADD COLUMN "orientation" text DEFAULT 'landscape' NOT NULL;--> statement-breakpoint
ALTER TABLE "livestreams" ADD COLUMN "destination_urls_sealed" text;--> statement-breakpoint
ALTER TABLE "livestreams" ADD CONSTRAINT "livestreams_layout_check" CHECK (layout in ('grid', 'speaker', 'single-speaker', 'grid-light', 'speaker-light', 'single-speaker-light'));--> statement-breakpoint
ALTER TABLE "livestreams" ADD CONSTRAINT "livestreams_quality_check" CHECK (quality in ('720p30', '720p60', '1080p30', '1080p60'));--> statement-breakpoint
ALTER TABLE "livestreams" ADD CONSTRAINT "livestreams_orientation_check" CHECK (orientation in ('landscape', 'portrait'));