CREATE TABLE partner (
	id VARCHAR NOT NULL, 
	origin_site VARCHAR NOT NULL, 
	version VARCHAR NOT NULL, 
	name VARCHAR NOT NULL, 
	description VARCHAR NOT NULL, 
	needs JSON NOT NULL, 
	services JSON NOT NULL, 
	keywords JSON NOT NULL, 
	catchment JSON NOT NULL, 
	min_age INTEGER, 
	max_age INTEGER, 
	benefits_required JSON NOT NULL, 
	prior_use_months INTEGER, 
	capacity_per_week INTEGER, 
	who_for VARCHAR NOT NULL, 
	not_for VARCHAR NOT NULL, 
	contact_name VARCHAR NOT NULL, 
	contact_role VARCHAR NOT NULL, 
	contact_phone VARCHAR NOT NULL, 
	contact_email VARCHAR NOT NULL, 
	delivered_at VARCHAR NOT NULL, 
	hubs JSON NOT NULL, 
	schedule VARCHAR NOT NULL, 
	website VARCHAR NOT NULL, 
	last_verified DATE, 
	active BOOLEAN NOT NULL, 
	source VARCHAR NOT NULL, 
	source_id VARCHAR, 
	taxonomy_terms JSON NOT NULL, 
	updated_at DATETIME NOT NULL, 
	PRIMARY KEY (id)
);
CREATE INDEX ix_partner_source_id ON partner (source_id);
CREATE INDEX ix_partner_name ON partner (name);
CREATE TABLE person (
	id VARCHAR NOT NULL, 
	origin_site VARCHAR NOT NULL, 
	version VARCHAR NOT NULL, 
	display_name VARCHAR NOT NULL, 
	postcode_district VARCHAR, 
	date_of_birth DATE, 
	benefits JSON NOT NULL, 
	consent_store BOOLEAN NOT NULL, 
	consent_share BOOLEAN NOT NULL, 
	consent_recorded_at DATETIME, 
	created_at DATETIME NOT NULL, 
	last_seen_at DATETIME NOT NULL, 
	erased_at DATETIME, 
	PRIMARY KEY (id)
);
CREATE INDEX ix_person_display_name ON person (display_name);
CREATE TABLE auditevent (
	id VARCHAR NOT NULL, 
	origin_site VARCHAR NOT NULL, 
	version VARCHAR NOT NULL, 
	at DATETIME NOT NULL, 
	actor VARCHAR NOT NULL, 
	site VARCHAR NOT NULL, 
	action VARCHAR NOT NULL, 
	entity VARCHAR NOT NULL, 
	entity_id VARCHAR, 
	person_id VARCHAR, 
	detail VARCHAR NOT NULL, 
	PRIMARY KEY (id)
);
CREATE INDEX ix_auditevent_person_id ON auditevent (person_id);
CREATE INDEX ix_auditevent_at ON auditevent (at);
CREATE TABLE outboxentry (
	seq INTEGER NOT NULL, 
	table_name VARCHAR NOT NULL, 
	row_id VARCHAR NOT NULL, 
	version VARCHAR NOT NULL, 
	payload JSON NOT NULL, 
	created_at DATETIME NOT NULL, 
	sent_at DATETIME, 
	PRIMARY KEY (seq)
);
CREATE TABLE syncmeta (
	"key" VARCHAR NOT NULL, 
	value VARCHAR NOT NULL, 
	PRIMARY KEY ("key")
);
CREATE TABLE syncconflict (
	id VARCHAR NOT NULL, 
	table_name VARCHAR NOT NULL, 
	row_id VARCHAR NOT NULL, 
	field VARCHAR NOT NULL, 
	kept_value VARCHAR NOT NULL, 
	kept_version VARCHAR NOT NULL, 
	lost_value VARCHAR NOT NULL, 
	lost_version VARCHAR NOT NULL, 
	at DATETIME NOT NULL, 
	PRIMARY KEY (id)
);
CREATE TABLE syncreject (
	id VARCHAR NOT NULL, 
	outbox_seq INTEGER NOT NULL, 
	table_name VARCHAR NOT NULL, 
	row_id VARCHAR NOT NULL, 
	reason VARCHAR NOT NULL, 
	at DATETIME NOT NULL, 
	PRIMARY KEY (id)
);
CREATE TABLE conversation (
	id VARCHAR NOT NULL, 
	origin_site VARCHAR NOT NULL, 
	version VARCHAR NOT NULL, 
	person_id VARCHAR NOT NULL, 
	advisor VARCHAR NOT NULL, 
	site VARCHAR NOT NULL, 
	kind VARCHAR NOT NULL, 
	started_at DATETIME NOT NULL, 
	ended_at DATETIME, 
	what_matters VARCHAR NOT NULL, 
	needs JSON NOT NULL, 
	ons_satisfied INTEGER, 
	ons_worthwhile INTEGER, 
	ons_happy INTEGER, 
	ons_anxious INTEGER, 
	referral_id VARCHAR, 
	PRIMARY KEY (id), 
	FOREIGN KEY(person_id) REFERENCES person (id)
);
CREATE INDEX ix_conversation_person_id ON conversation (person_id);
CREATE TABLE prescription (
	id VARCHAR NOT NULL, 
	origin_site VARCHAR NOT NULL, 
	version VARCHAR NOT NULL, 
	conversation_id VARCHAR NOT NULL, 
	person_id VARCHAR NOT NULL, 
	created_at DATETIME NOT NULL, 
	agreed_at DATETIME, 
	PRIMARY KEY (id), 
	FOREIGN KEY(conversation_id) REFERENCES conversation (id), 
	FOREIGN KEY(person_id) REFERENCES person (id)
);
CREATE INDEX ix_prescription_person_id ON prescription (person_id);
CREATE INDEX ix_prescription_conversation_id ON prescription (conversation_id);
CREATE TABLE prescriptionitem (
	id VARCHAR NOT NULL, 
	origin_site VARCHAR NOT NULL, 
	version VARCHAR NOT NULL, 
	prescription_id VARCHAR NOT NULL, 
	partner_id VARCHAR, 
	activity VARCHAR NOT NULL, 
	need VARCHAR, 
	goal VARCHAR NOT NULL, 
	position INTEGER NOT NULL, 
	agreed BOOLEAN NOT NULL, 
	removed BOOLEAN NOT NULL, 
	PRIMARY KEY (id), 
	FOREIGN KEY(prescription_id) REFERENCES prescription (id), 
	FOREIGN KEY(partner_id) REFERENCES partner (id)
);
CREATE INDEX ix_prescriptionitem_prescription_id ON prescriptionitem (prescription_id);
CREATE TABLE referral (
	id VARCHAR NOT NULL, 
	origin_site VARCHAR NOT NULL, 
	version VARCHAR NOT NULL, 
	person_id VARCHAR NOT NULL, 
	partner_id VARCHAR NOT NULL, 
	conversation_id VARCHAR, 
	prescription_item_id VARCHAR, 
	need VARCHAR, 
	note_for_partner VARCHAR NOT NULL, 
	consent_share BOOLEAN NOT NULL, 
	signposting BOOLEAN NOT NULL, 
	overrides JSON NOT NULL, 
	created_at DATETIME NOT NULL, 
	created_by VARCHAR NOT NULL, 
	PRIMARY KEY (id), 
	FOREIGN KEY(person_id) REFERENCES person (id), 
	FOREIGN KEY(partner_id) REFERENCES partner (id), 
	FOREIGN KEY(conversation_id) REFERENCES conversation (id), 
	FOREIGN KEY(prescription_item_id) REFERENCES prescriptionitem (id)
);
CREATE INDEX ix_referral_person_id ON referral (person_id);
CREATE INDEX ix_referral_created_at ON referral (created_at);
CREATE INDEX ix_referral_partner_id ON referral (partner_id);
CREATE TABLE referralevent (
	id VARCHAR NOT NULL, 
	origin_site VARCHAR NOT NULL, 
	version VARCHAR NOT NULL, 
	referral_id VARCHAR NOT NULL, 
	status VARCHAR NOT NULL, 
	reason VARCHAR NOT NULL, 
	note VARCHAR NOT NULL, 
	at DATETIME NOT NULL, 
	"by" VARCHAR NOT NULL, 
	PRIMARY KEY (id), 
	FOREIGN KEY(referral_id) REFERENCES referral (id)
);
CREATE TABLE feedback (
	id VARCHAR NOT NULL, 
	origin_site VARCHAR NOT NULL, 
	version VARCHAR NOT NULL, 
	referral_id VARCHAR NOT NULL, 
	partner_id VARCHAR NOT NULL, 
	source VARCHAR NOT NULL, 
	went BOOLEAN, 
	helped INTEGER, 
	recommend BOOLEAN, 
	engagement VARCHAR NOT NULL, 
	comment VARCHAR NOT NULL, 
	reported_on DATE, 
	recorded_at DATETIME NOT NULL, 
	"by" VARCHAR NOT NULL, 
	PRIMARY KEY (id), 
	FOREIGN KEY(referral_id) REFERENCES referral (id), 
	FOREIGN KEY(partner_id) REFERENCES partner (id)
);
CREATE INDEX ix_feedback_referral_id ON feedback (referral_id);
