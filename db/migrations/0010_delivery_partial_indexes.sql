DROP INDEX `deliveries_due_idx`;--> statement-breakpoint
DROP INDEX `deliveries_claim_idx`;--> statement-breakpoint
DROP INDEX `deliveries_update_idx`;--> statement-breakpoint
CREATE INDEX `deliveries_due_idx` ON `deliveries` (`channel`,`next_attempt_at`) WHERE state = 'pending';--> statement-breakpoint
CREATE INDEX `deliveries_claim_idx` ON `deliveries` (`channel`,`batch_id`,`lease_until`) WHERE state = 'pending' and batch_id is not null;--> statement-breakpoint
CREATE INDEX `deliveries_update_idx` ON `deliveries` (`update_id`);