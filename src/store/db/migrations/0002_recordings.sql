CREATE TABLE "run_recordings" (
	"run_id" text PRIMARY KEY NOT NULL,
	"session_id" text,
	"storage_key" text NOT NULL,
	"content_type" text NOT NULL,
	"bytes" bigint NOT NULL,
	"duration_ms" integer,
	"channels" integer,
	"sample_rate" integer,
	"timeline_started_at" timestamp with time zone NOT NULL,
	"created_at" timestamp with time zone NOT NULL,
	"updated_at" timestamp with time zone NOT NULL
);
--> statement-breakpoint
ALTER TABLE "interview_runs" ADD COLUMN "channel_settings" jsonb DEFAULT '{"recording":false}'::jsonb NOT NULL;--> statement-breakpoint
CREATE INDEX "run_recordings_created_idx" ON "run_recordings" USING btree ("created_at");