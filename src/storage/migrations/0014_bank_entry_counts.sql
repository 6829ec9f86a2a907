ALTER TABLE "hash_banks" ADD COLUMN "active_entries" bigint DEFAULT 0 NOT NULL;--> statement-breakpoint
ALTER TABLE "hash_banks" ADD COLUMN "withdrawn_entries" bigint DEFAULT 0 NOT NULL;--> statement-breakpoint
-- From here on every change to a bank's entries keeps these counts (banks.repo.ts).
UPDATE "hash_banks" h SET "active_entries" = c.active, "withdrawn_entries" = c.withdrawn
	FROM (SELECT bank_id, count(*) FILTER (WHERE withdrawn_at IS NULL) AS active, count(*) FILTER (WHERE withdrawn_at IS NOT NULL) AS withdrawn
		FROM "bank_hashes" GROUP BY bank_id) c
	WHERE c.bank_id = h.id;
