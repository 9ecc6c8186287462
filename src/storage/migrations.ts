// The ordered list of schema migrations for berth's SQLite state. Append only: never edit a
// migration that has shipped; add a new one. SqliteState applies them (see sqlite-state.ts).

export interface Migration {
  /** 1, 2, 3…: stored in `PRAGMA user_version` once applied. */
  readonly version: number;
  readonly name: string;
  readonly sql: string;
}

export const migrations: readonly Migration[] = [
  {
    version: 1,
    name: 'layers, images, image names, containers',
    sql: `
      CREATE TABLE layers (
        id TEXT PRIMARY KEY,
        parent TEXT REFERENCES layers(id),
        diff_digest TEXT,
        compressed_digest TEXT,
        uncompressed_size INTEGER,
        created TEXT NOT NULL,
        short_link TEXT UNIQUE NOT NULL,
        kind TEXT NOT NULL CHECK (kind IN ('image', 'container'))
      );
      CREATE INDEX layers_parent ON layers(parent);
      CREATE TABLE images (
        id TEXT PRIMARY KEY, -- sha256 hex of the config blob
        top_layer TEXT REFERENCES layers(id),
        config_digest TEXT NOT NULL,
        manifest_digest TEXT,
        manifest_media_type TEXT,
        created TEXT NOT NULL,
        size_bytes INTEGER NOT NULL,
        config_json TEXT NOT NULL,
        manifest_json TEXT
      );
      CREATE TABLE image_names (
        name TEXT PRIMARY KEY,
        image_id TEXT NOT NULL REFERENCES images(id) ON DELETE CASCADE,
        added TEXT NOT NULL
      );
      CREATE INDEX image_names_image ON image_names(image_id);
      CREATE TABLE containers (
        id TEXT PRIMARY KEY,
        name TEXT UNIQUE NOT NULL,
        image_id TEXT REFERENCES images(id),
        layer_id TEXT REFERENCES layers(id),
        created TEXT NOT NULL,
        state TEXT NOT NULL,
        config_json TEXT NOT NULL,
        state_json TEXT NOT NULL DEFAULT '{}'
      );
      CREATE INDEX containers_image ON containers(image_id);
      CREATE INDEX containers_layer ON containers(layer_id);
    `,
  },
  {
    version: 2,
    name: 'volumes',
    sql: `
      CREATE TABLE volumes (
        name TEXT PRIMARY KEY,
        driver TEXT NOT NULL,
        mountpoint TEXT NOT NULL,
        created TEXT NOT NULL,
        labels_json TEXT NOT NULL DEFAULT '{}',
        options_json TEXT NOT NULL DEFAULT '{}'
      );
    `,
  },
  {
    version: 3,
    name: 'networks',
    sql: `
      CREATE TABLE networks (
        name TEXT PRIMARY KEY,
        id TEXT UNIQUE NOT NULL,
        driver TEXT NOT NULL,
        bridge TEXT UNIQUE NOT NULL,
        subnet TEXT NOT NULL,
        gateway TEXT NOT NULL,
        ip_range TEXT,
        internal INTEGER NOT NULL DEFAULT 0,
        dns_enabled INTEGER NOT NULL DEFAULT 1,
        labels_json TEXT NOT NULL DEFAULT '{}',
        created TEXT NOT NULL
      );
    `,
  },
  {
    version: 4,
    name: 'exec sessions',
    // A session goes with its container (ON DELETE CASCADE; foreign_keys is on for every connection).
    sql: `
      CREATE TABLE exec_sessions (
        id TEXT PRIMARY KEY,
        container_id TEXT NOT NULL REFERENCES containers(id) ON DELETE CASCADE,
        command_json TEXT NOT NULL,
        env_json TEXT NOT NULL DEFAULT '[]',
        tty INTEGER NOT NULL DEFAULT 0,
        interactive INTEGER NOT NULL DEFAULT 0,
        privileged INTEGER NOT NULL DEFAULT 0,
        user TEXT,
        workdir TEXT,
        state TEXT NOT NULL CHECK (state IN ('created', 'running', 'exited')),
        pid INTEGER,
        exit_code INTEGER,
        created TEXT NOT NULL,
        started TEXT,
        finished TEXT
      );
      CREATE INDEX exec_sessions_container ON exec_sessions(container_id);
    `,
  },
  {
    version: 5,
    name: 'locks',
    sql: `
      CREATE TABLE locks (
        name TEXT PRIMARY KEY,
        pid INTEGER NOT NULL,
        start_time INTEGER NOT NULL,
        token TEXT NOT NULL,
        acquired_ms INTEGER NOT NULL
      );
    `,
  },
];
