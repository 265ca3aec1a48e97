-- Server metadata: schema facts and instance settings (key/value).
CREATE TABLE app_meta (
    key   TEXT PRIMARY KEY NOT NULL,
    value TEXT NOT NULL
);
INSERT INTO app_meta (key, value) VALUES ('created_by', 'addin-server');
