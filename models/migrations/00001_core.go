package migrations

// core creates the register: vendors, budget lines, devices, licences and seats, warranties,
// audit events and API tokens, with the constraints of DESIGN.md in the schema.
var core = Step{Version: 1, Name: "core", SQL: `
CREATE TABLE vendors (
	id {{pk}},
	created_at {{ts}} NOT NULL,
	updated_at {{ts}} NOT NULL,
	version BIGINT NOT NULL DEFAULT 1,
	notes TEXT NOT NULL DEFAULT '',
	name VARCHAR(200) NOT NULL CHECK (name <> ''),
	roles TEXT NOT NULL DEFAULT '',
	website VARCHAR(200) NOT NULL DEFAULT '',
	support_email VARCHAR(200) NOT NULL DEFAULT '',
	support_phone VARCHAR(100) NOT NULL DEFAULT '',
	account_number VARCHAR(100) NOT NULL DEFAULT ''
);
CREATE UNIQUE INDEX vendors_name_key ON vendors (lower(name));

CREATE TABLE budget_lines (
	id {{pk}},
	created_at {{ts}} NOT NULL,
	updated_at {{ts}} NOT NULL,
	version BIGINT NOT NULL DEFAULT 1,
	notes TEXT NOT NULL DEFAULT '',
	code VARCHAR(100) NOT NULL CHECK (code <> ''),
	name VARCHAR(200) NOT NULL,
	fiscal_year INTEGER NOT NULL,
	category VARCHAR(10) NOT NULL CHECK (category IN ('capex', 'opex')),
	cost_centre VARCHAR(100) NOT NULL DEFAULT '',
	owner VARCHAR(200) NOT NULL DEFAULT '',
	allocated_amount BIGINT NOT NULL DEFAULT 0 CHECK (allocated_amount >= 0),
	allocated_currency VARCHAR(3) NOT NULL DEFAULT ''
);
CREATE UNIQUE INDEX budget_lines_code_key ON budget_lines (code, fiscal_year);

CREATE TABLE devices (
	id {{pk}},
	created_at {{ts}} NOT NULL,
	updated_at {{ts}} NOT NULL,
	version BIGINT NOT NULL DEFAULT 1,
	notes TEXT NOT NULL DEFAULT '',
	asset_tag VARCHAR(100),
	serial_number VARCHAR(100),
	hostname VARCHAR(200) NOT NULL DEFAULT '',
	category VARCHAR(20) NOT NULL CHECK (category IN ('laptop','desktop','server','network','phone','tablet','monitor','printer','av','peripheral','other')),
	manufacturer_id BIGINT REFERENCES vendors (id),
	model VARCHAR(200) NOT NULL DEFAULT '',
	status VARCHAR(20) NOT NULL CHECK (status IN ('ordered','in_stock','deployed','in_repair','retired','disposed','lost')),
	assigned_to VARCHAR(200) NOT NULL DEFAULT '',
	department VARCHAR(200) NOT NULL DEFAULT '',
	cost_centre VARCHAR(100) NOT NULL DEFAULT '',
	location VARCHAR(200) NOT NULL DEFAULT '',
	purchase_date DATE,
	purchase_cost_amount BIGINT NOT NULL DEFAULT 0 CHECK (purchase_cost_amount >= 0),
	purchase_cost_currency VARCHAR(3) NOT NULL DEFAULT '',
	supplier_id BIGINT REFERENCES vendors (id),
	order_number VARCHAR(100) NOT NULL DEFAULT '',
	invoice_number VARCHAR(100) NOT NULL DEFAULT '',
	budget_line_id BIGINT REFERENCES budget_lines (id),
	lifetime_months INTEGER CHECK (lifetime_months > 0),
	eol_date DATE,
	custom_fields {{json}},
	CHECK (asset_tag IS NOT NULL OR serial_number IS NOT NULL)
);
CREATE UNIQUE INDEX devices_asset_tag_key ON devices (asset_tag);
CREATE UNIQUE INDEX devices_serial_key ON devices (COALESCE(manufacturer_id, 0), serial_number);
CREATE INDEX devices_status_idx ON devices (status, id);
CREATE INDEX devices_category_idx ON devices (category, id);
CREATE INDEX devices_manufacturer_idx ON devices (manufacturer_id);
CREATE INDEX devices_supplier_idx ON devices (supplier_id);
CREATE INDEX devices_budget_line_idx ON devices (budget_line_id);
CREATE INDEX devices_department_idx ON devices (department, id);

CREATE TABLE licences (
	id {{pk}},
	created_at {{ts}} NOT NULL,
	updated_at {{ts}} NOT NULL,
	version BIGINT NOT NULL DEFAULT 1,
	notes TEXT NOT NULL DEFAULT '',
	product VARCHAR(200) NOT NULL CHECK (product <> ''),
	publisher_id BIGINT REFERENCES vendors (id),
	supplier_id BIGINT REFERENCES vendors (id),
	reference VARCHAR(100),
	type VARCHAR(20) NOT NULL CHECK (type IN ('subscription','perpetual')),
	metric VARCHAR(20) NOT NULL CHECK (metric IN ('per_user','per_device','site','concurrent','per_core')),
	seats BIGINT CHECK (seats >= 0),
	licence_key TEXT NOT NULL DEFAULT '',
	start_date DATE,
	end_date DATE,
	auto_renew BOOLEAN NOT NULL DEFAULT FALSE,
	notice_days INTEGER NOT NULL DEFAULT 0 CHECK (notice_days >= 0),
	cost_amount BIGINT NOT NULL DEFAULT 0 CHECK (cost_amount >= 0),
	cost_currency VARCHAR(3) NOT NULL DEFAULT '',
	billing_period VARCHAR(10) NOT NULL DEFAULT '' CHECK (billing_period IN ('','monthly','annual','one_off')),
	budget_line_id BIGINT REFERENCES budget_lines (id),
	order_number VARCHAR(100) NOT NULL DEFAULT '',
	CHECK (end_date IS NULL OR start_date IS NULL OR end_date >= start_date)
);
CREATE UNIQUE INDEX licences_reference_key ON licences (COALESCE(publisher_id, 0), reference);
CREATE INDEX licences_end_date_idx ON licences (end_date);
CREATE INDEX licences_publisher_idx ON licences (publisher_id);
CREATE INDEX licences_supplier_idx ON licences (supplier_id);
CREATE INDEX licences_budget_line_idx ON licences (budget_line_id);

CREATE TABLE licence_seats (
	id {{pk}},
	created_at {{ts}} NOT NULL,
	updated_at {{ts}} NOT NULL,
	version BIGINT NOT NULL DEFAULT 1,
	notes TEXT NOT NULL DEFAULT '',
	licence_id BIGINT NOT NULL REFERENCES licences (id) ON DELETE CASCADE,
	device_id BIGINT REFERENCES devices (id),
	assignee VARCHAR(200) NOT NULL DEFAULT '',
	assigned_on DATE,
	CHECK (device_id IS NOT NULL OR assignee <> '')
);
CREATE INDEX licence_seats_licence_idx ON licence_seats (licence_id);
CREATE INDEX licence_seats_device_idx ON licence_seats (device_id);
CREATE UNIQUE INDEX licence_seats_device_key ON licence_seats (licence_id, device_id) WHERE device_id IS NOT NULL;
CREATE UNIQUE INDEX licence_seats_assignee_key ON licence_seats (licence_id, assignee) WHERE device_id IS NULL;

CREATE TABLE warranties (
	id {{pk}},
	created_at {{ts}} NOT NULL,
	updated_at {{ts}} NOT NULL,
	version BIGINT NOT NULL DEFAULT 1,
	notes TEXT NOT NULL DEFAULT '',
	provider_id BIGINT REFERENCES vendors (id),
	kind VARCHAR(20) NOT NULL CHECK (kind IN ('manufacturer','extended','support','lease')),
	reference VARCHAR(100),
	service_level VARCHAR(200) NOT NULL DEFAULT '',
	start_date DATE,
	end_date DATE NOT NULL,
	cost_amount BIGINT NOT NULL DEFAULT 0 CHECK (cost_amount >= 0),
	cost_currency VARCHAR(3) NOT NULL DEFAULT '',
	budget_line_id BIGINT REFERENCES budget_lines (id),
	auto_renew BOOLEAN NOT NULL DEFAULT FALSE,
	notice_days INTEGER NOT NULL DEFAULT 0 CHECK (notice_days >= 0),
	CHECK (start_date IS NULL OR end_date >= start_date)
);
CREATE UNIQUE INDEX warranties_reference_key ON warranties (COALESCE(provider_id, 0), reference);
CREATE INDEX warranties_end_date_idx ON warranties (end_date);
CREATE INDEX warranties_provider_idx ON warranties (provider_id);
CREATE INDEX warranties_budget_line_idx ON warranties (budget_line_id);

CREATE TABLE warranty_devices (
	warranty_id BIGINT NOT NULL REFERENCES warranties (id) ON DELETE CASCADE,
	device_id BIGINT NOT NULL REFERENCES devices (id) ON DELETE CASCADE,
	PRIMARY KEY (warranty_id, device_id)
);
CREATE INDEX warranty_devices_device_idx ON warranty_devices (device_id);

CREATE TABLE audit_events (
	id {{pk}},
	at {{ts}} NOT NULL,
	actor VARCHAR(200) NOT NULL,
	action VARCHAR(20) NOT NULL,
	entity VARCHAR(40) NOT NULL,
	entity_id BIGINT NOT NULL,
	changes TEXT
);
CREATE INDEX audit_events_entity_idx ON audit_events (entity, entity_id, id);

CREATE TABLE api_tokens (
	id {{pk}},
	name VARCHAR(200) NOT NULL,
	role VARCHAR(20) NOT NULL CHECK (role IN ('admin','editor','viewer','feed')),
	prefix VARCHAR(20) NOT NULL,
	token_hash VARCHAR(64) NOT NULL,
	created_at {{ts}} NOT NULL,
	last_used_at {{ts}},
	revoked_at {{ts}}
);
CREATE UNIQUE INDEX api_tokens_hash_key ON api_tokens (token_hash)
`}
