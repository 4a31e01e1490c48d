-- One schema for H2, MySQL and MariaDB: only types and statements all three accept.
-- Instants are stored as BIGINT nanoseconds since the epoch (UTC), so that they round-trip exactly
-- and compare the same way everywhere, whatever the server's time zone.
-- Identifiers that must compare case-sensitively (event ids, key-value keys) are VARBINARY, because
-- MySQL's default collations fold case and would merge "Key" and "key".

CREATE TABLE usage_event (
    event_id            VARBINARY(64)  NOT NULL,
    tenant_id           VARCHAR(64)    NOT NULL,
    occurred_at         BIGINT         NOT NULL,
    kind                VARCHAR(16)    NOT NULL,
    operation           VARCHAR(64)    NOT NULL,
    outcome             VARCHAR(32)    NOT NULL,
    cpu_nanos           BIGINT         NOT NULL,
    wall_nanos          BIGINT         NOT NULL,
    allocated_bytes     BIGINT         NOT NULL,
    api_calls           BIGINT         NOT NULL,
    output_bytes        BIGINT         NOT NULL,
    memory_mb_seconds   DECIMAL(30, 3) NOT NULL,
    storage_byte_hours  DECIMAL(38, 6) NOT NULL,
    CONSTRAINT pk_usage_event PRIMARY KEY (event_id)
);
CREATE INDEX ix_usage_event_tenant_time ON usage_event (tenant_id, occurred_at);
CREATE INDEX ix_usage_event_time ON usage_event (occurred_at);

-- Rollups, maintained in the same transaction as the raw events they sum.
CREATE TABLE usage_hourly (
    tenant_id           VARCHAR(64)    NOT NULL,
    bucket_start        BIGINT         NOT NULL,
    executions          BIGINT         NOT NULL,
    cpu_nanos           BIGINT         NOT NULL,
    wall_nanos          BIGINT         NOT NULL,
    memory_mb_seconds   DECIMAL(30, 3) NOT NULL,
    api_calls           BIGINT         NOT NULL,
    allocated_bytes     BIGINT         NOT NULL,
    storage_byte_hours  DECIMAL(38, 6) NOT NULL,
    CONSTRAINT pk_usage_hourly PRIMARY KEY (tenant_id, bucket_start)
);
CREATE INDEX ix_usage_hourly_bucket ON usage_hourly (bucket_start);

CREATE TABLE usage_daily (
    tenant_id           VARCHAR(64)    NOT NULL,
    bucket_start        BIGINT         NOT NULL,
    executions          BIGINT         NOT NULL,
    cpu_nanos           BIGINT         NOT NULL,
    wall_nanos          BIGINT         NOT NULL,
    memory_mb_seconds   DECIMAL(30, 3) NOT NULL,
    api_calls           BIGINT         NOT NULL,
    allocated_bytes     BIGINT         NOT NULL,
    storage_byte_hours  DECIMAL(38, 6) NOT NULL,
    CONSTRAINT pk_usage_daily PRIMARY KEY (tenant_id, bucket_start)
);
CREATE INDEX ix_usage_daily_bucket ON usage_daily (bucket_start);

CREATE TABLE tenant (
    tenant_id           VARCHAR(64)    NOT NULL,
    name                VARCHAR(200)   NOT NULL,
    tier                VARCHAR(16)    NOT NULL,
    priority            VARCHAR(16)    NOT NULL,
    enabled             BOOLEAN        NOT NULL,
    limits_json         TEXT           NOT NULL,
    settings_json       TEXT           NOT NULL,
    created_at          BIGINT         NOT NULL,
    updated_at          BIGINT         NOT NULL,
    CONSTRAINT pk_tenant PRIMARY KEY (tenant_id)
);

CREATE TABLE tier_change (
    tenant_id           VARCHAR(64)    NOT NULL,
    changed_at          BIGINT         NOT NULL,
    from_tier           VARCHAR(16)    NOT NULL,
    to_tier             VARCHAR(16)    NOT NULL,
    CONSTRAINT pk_tier_change PRIMARY KEY (tenant_id, changed_at)
);

CREATE TABLE api_key (
    key_id              VARBINARY(128) NOT NULL,
    tenant_id           VARCHAR(64)    NOT NULL,
    secret_hash         VARCHAR(256)   NOT NULL,
    prefix              VARCHAR(32)    NOT NULL,
    created_at          BIGINT         NOT NULL,
    revoked_at          BIGINT,
    CONSTRAINT pk_api_key PRIMARY KEY (key_id)
);
CREATE INDEX ix_api_key_tenant ON api_key (tenant_id, created_at);

CREATE TABLE kv_entry (
    tenant_id           VARCHAR(64)    NOT NULL,
    entry_key           VARBINARY(2048) NOT NULL,
    entry_value         MEDIUMTEXT          NOT NULL,
    entry_bytes         BIGINT         NOT NULL,
    CONSTRAINT pk_kv_entry PRIMARY KEY (tenant_id, entry_key)
);

-- One row per tenant with data: the lock that serialises a tenant's writes and its running totals.
CREATE TABLE kv_usage (
    tenant_id           VARCHAR(64)    NOT NULL,
    total_bytes         BIGINT         NOT NULL,
    total_objects       BIGINT         NOT NULL,
    CONSTRAINT pk_kv_usage PRIMARY KEY (tenant_id)
);

CREATE TABLE quota_counter (
    tenant_id           VARCHAR(64)    NOT NULL,
    counter_name        VARCHAR(64)    NOT NULL,
    window_start        BIGINT         NOT NULL,
    counter_value       BIGINT         NOT NULL,
    CONSTRAINT pk_quota_counter PRIMARY KEY (tenant_id, counter_name, window_start)
);
CREATE INDEX ix_quota_counter_window ON quota_counter (window_start);
