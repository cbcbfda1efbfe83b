ALTER TABLE "room_invites" DROP CONSTRAINT "room_invites_created_by_user_id_fk";
--> statement-breakpoint
ALTER TABLE "room_members" DROP CONSTRAINT "room_members_user_id_user_id_fk";
--> statement-breakpoint
ALTER TABLE "room_removals" DROP CONSTRAINT "room_removals_user_id_user_id_fk";
--> statement-breakpoint
ALTER TABLE "rooms" DROP CONSTRAINT "rooms_owner_id_user_id_fk";
--> statement-breakpoint
ALTER TABLE "share_links" DROP CONSTRAINT "share_links_created_by_user_id_fk";
