-- The list indexes gain their tiebreak column (id, or room_name for memberships), so a page in
-- (created_at, id) order comes from the index, with no sort; the links tables gain an index of
-- their working links, and rooms one of their owners (docs/architecture.md, "Tables";
-- tests/integration/list-plans.test.ts). Indexes only: no row changes. Each is built from the
-- rows already there, inside golive's migration transaction, which holds writes to these tables
-- for the length of the build.
DROP INDEX IF EXISTS "golive"."livestreams_user_created_idx";--> statement-breakpoint
DROP INDEX IF EXISTS "golive"."livestreams_user_room_created_idx";--> statement-breakpoint
DROP INDEX IF EXISTS "golive"."livestreams_room_created_idx";--> statement-breakpoint
DROP INDEX IF EXISTS "golive"."room_invites_room_idx";--> statement-breakpoint
DROP INDEX IF EXISTS "golive"."room_members_user_idx";--> statement-breakpoint
DROP INDEX IF EXISTS "golive"."share_links_livestream_idx";--> statement-breakpoint
CREATE INDEX IF NOT EXISTS "room_invites_working_idx" ON "golive"."room_invites" USING btree ("room_name","expires_at") WHERE "golive"."room_invites"."revoked_at" is null;--> statement-breakpoint
CREATE INDEX IF NOT EXISTS "rooms_owner_idx" ON "golive"."rooms" USING btree ("owner_id");--> statement-breakpoint
CREATE INDEX IF NOT EXISTS "share_links_working_idx" ON "golive"."share_links" USING btree ("livestream_id","expires_at") WHERE "golive"."share_links"."revoked_at" is null;--> statement-breakpoint
CREATE INDEX IF NOT EXISTS "livestreams_user_created_idx" ON "golive"."livestreams" USING btree ("user_id","created_at" DESC NULLS LAST,"id" DESC NULLS LAST);--> statement-breakpoint
CREATE INDEX IF NOT EXISTS "livestreams_user_room_created_idx" ON "golive"."livestreams" USING btree ("user_id","room_name","created_at" DESC NULLS LAST,"id" DESC NULLS LAST);--> statement-breakpoint
CREATE INDEX IF NOT EXISTS "livestreams_room_created_idx" ON "golive"."livestreams" USING btree ("room_name","created_at" DESC NULLS LAST,"id" DESC NULLS LAST);--> statement-breakpoint
CREATE INDEX IF NOT EXISTS "room_invites_room_idx" ON "golive"."room_invites" USING btree ("room_name","created_at" DESC NULLS LAST,"id" DESC NULLS LAST);--> statement-breakpoint
CREATE INDEX IF NOT EXISTS "room_members_user_idx" ON "golive"."room_members" USING btree ("user_id","created_at" DESC NULLS LAST,"room_name" DESC NULLS LAST);--> statement-breakpoint
CREATE INDEX IF NOT EXISTS "share_links_livestream_idx" ON "golive"."share_links" USING btree ("livestream_id","created_at" DESC NULLS LAST,"id" DESC NULLS LAST);
