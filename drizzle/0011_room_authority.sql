CREATE TABLE "room_removals" (
	"room_name" text NOT NULL,
	"user_id" text NOT NULL,
	"removed_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "room_removals_room_name_user_id_pk" PRIMARY KEY("room_name","user_id")
);
--> statement-breakpoint
ALTER TABLE "room_members" ADD COLUMN "invite_id" uuid;--> statement-breakpoint
ALTER TABLE "room_removals" ADD CONSTRAINT "room_removals_room_name_rooms_name_fk" FOREIGN KEY ("room_name") REFERENCES "public"."rooms"("name") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "room_removals" ADD CONSTRAINT "room_removals_user_id_user_id_fk" FOREIGN KEY ("user_id") REFERENCES "public"."user"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "room_members" ADD CONSTRAINT "room_members_invite_id_room_invites_id_fk" FOREIGN KEY ("invite_id") REFERENCES "public"."room_invites"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "livestreams_room_created_idx" ON "livestreams" USING btree ("room_name","created_at" DESC NULLS LAST);