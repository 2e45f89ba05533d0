"""The store's schema: numbered migrations, each applied once, in order.

Kept apart from ``store`` so that the schema can be read in one place. A
migration is SQL only; what SQL cannot compute (MinHash signatures, the
days each event's dates allow) is filled in by ``Store`` after migrating,
for the rows a migration notes in ``store_note`` (``Store._fill_indexes``).
"""

from __future__ import annotations

SCHEMA_VERSION = 7

# Each migration is applied once, in order, inside a transaction.
MIGRATIONS: tuple[str, ...] = (
    """
    CREATE TABLE article (
        id TEXT PRIMARY KEY,
        source TEXT NOT NULL,
        title TEXT,
        outlet TEXT,
        published TEXT,
        published_inferred TEXT,
        byline TEXT,
        body TEXT NOT NULL,
        captions TEXT NOT NULL,
        credits TEXT NOT NULL,
        corrections TEXT NOT NULL,
        language TEXT,
        errors TEXT NOT NULL
    );
    CREATE TABLE mention (
        id TEXT PRIMARY KEY,
        article_id TEXT NOT NULL REFERENCES article(id) ON DELETE CASCADE,
        type TEXT NOT NULL,
        status TEXT NOT NULL,
        data TEXT NOT NULL
    );
    CREATE INDEX mention_article ON mention(article_id);
    CREATE TABLE event (
        id TEXT PRIMARY KEY,
        type TEXT NOT NULL,
        mode TEXT,
        status TEXT NOT NULL,
        historical INTEGER NOT NULL,
        quad TEXT NOT NULL,
        date_start TEXT,
        date_end TEXT,
        actor_country TEXT,
        recipient_country TEXT,
        place_country TEXT,
        lat REAL,
        lon REAL,
        confidence REAL NOT NULL,
        data TEXT NOT NULL
    );
    CREATE INDEX event_type ON event(type);
    CREATE INDEX event_date ON event(date_start, date_end);
    CREATE INDEX event_dyad ON event(actor_country, recipient_country);
    CREATE TABLE event_source (
        event_id TEXT NOT NULL REFERENCES event(id) ON DELETE CASCADE,
        mention_id TEXT NOT NULL REFERENCES mention(id) ON DELETE CASCADE,
        article_id TEXT NOT NULL REFERENCES article(id) ON DELETE CASCADE,
        PRIMARY KEY (event_id, mention_id)
    );
    CREATE INDEX event_source_article ON event_source(article_id);
    CREATE TABLE error (
        id TEXT PRIMARY KEY,
        origin TEXT NOT NULL,
        line INTEGER,
        stage TEXT NOT NULL,
        error_type TEXT NOT NULL,
        reason TEXT NOT NULL
    );
    CREATE TABLE run (
        id TEXT PRIMARY KEY,
        version TEXT NOT NULL,
        config_hash TEXT NOT NULL,
        inputs TEXT NOT NULL,
        counts TEXT NOT NULL,
        started TEXT NOT NULL,
        finished TEXT NOT NULL
    );
    """,
    """
    ALTER TABLE article ADD COLUMN duplicate_of TEXT;
    CREATE INDEX article_duplicate ON article(duplicate_of);
    """,
    # 3: full-text search over evidence sentences, and indexes for the query filters
    """
    CREATE VIRTUAL TABLE mention_fts USING fts5(sentence, tokenize = 'unicode61 remove_diacritics 2');
    INSERT INTO mention_fts (rowid, sentence) SELECT rowid, json_extract(data, '$.sentence') FROM mention;
    CREATE TRIGGER mention_fts_insert AFTER INSERT ON mention BEGIN
        INSERT INTO mention_fts (rowid, sentence) VALUES (new.rowid, json_extract(new.data, '$.sentence'));
    END;
    CREATE TRIGGER mention_fts_delete AFTER DELETE ON mention BEGIN
        DELETE FROM mention_fts WHERE rowid = old.rowid;
    END;
    CREATE INDEX event_status ON event(status);
    CREATE INDEX event_recipient ON event(recipient_country);
    CREATE INDEX event_place ON event(place_country);
    CREATE INDEX event_source_mention ON event_source(mention_id);
    """,
    # 4: the parties of every event as rows, so that actor, dyad, sector and
    # network queries are index lookups instead of a scan of every event's JSON
    """
    CREATE TABLE event_party (
        event_id TEXT NOT NULL,
        side TEXT NOT NULL,
        label TEXT NOT NULL,
        name TEXT,
        text TEXT,
        country TEXT,
        sector TEXT
    );
    INSERT INTO event_party (event_id, side, label, name, text, country, sector)
    SELECT event.id, sides.side,
           coalesce(json_extract(p.value, '$.name'),
                    nullif(coalesce(json_extract(p.value, '$.country'), '')
                           || CASE WHEN json_extract(p.value, '$.country') IS NOT NULL
                                    AND json_extract(p.value, '$.sector') IS NOT NULL THEN '/' ELSE '' END
                           || coalesce(json_extract(p.value, '$.sector'), ''), ''),
                    json_extract(p.value, '$.text'), '?'),
           json_extract(p.value, '$.name'), json_extract(p.value, '$.text'),
           json_extract(p.value, '$.country'), json_extract(p.value, '$.sector')
    FROM event, (SELECT 'actor' AS side UNION ALL SELECT 'recipient') AS sides,
         json_each(event.data, '$.' || sides.side) AS p;
    CREATE INDEX event_party_event ON event_party(event_id);
    CREATE INDEX event_party_country ON event_party(side, country, event_id);
    CREATE INDEX event_party_sector ON event_party(side, sector, event_id);
    CREATE INDEX event_party_label ON event_party(side, label, country, sector);
    CREATE INDEX event_order ON event(date_start IS NULL, date_start, id);
    """,
    # 5: what lets a run cost what its new input costs, not what the store holds:
    # each article's duplicate signature and LSH bands (a copy is found by an
    # index lookup, not by loading every article), each mention's meeting keys
    # (a run compares its reports only with the stored events they could join),
    # and the inputs already stored, by content hash (an unchanged file is skipped)
    """
    CREATE TABLE article_signature (
        article_id TEXT PRIMARY KEY,
        fingerprint TEXT NOT NULL,
        content_key TEXT NOT NULL,
        signature BLOB NOT NULL
    );
    CREATE INDEX article_signature_fingerprint ON article_signature(fingerprint);
    CREATE TABLE article_band (band TEXT NOT NULL, article_id TEXT NOT NULL);
    CREATE INDEX article_band_band ON article_band(band);
    CREATE INDEX article_band_article ON article_band(article_id);
    -- what two reports must share to be one happening (merge/keys.py), as
    -- 63-bit hashes of "type|status" and of the key: a collision only adds a
    -- candidate, and the rows stay small (there are some thirty per report)
    CREATE TABLE mention_key (
        block INTEGER NOT NULL,
        key INTEGER NOT NULL,
        mention_id TEXT NOT NULL,
        PRIMARY KEY (block, key, mention_id)
    ) WITHOUT ROWID;
    CREATE TABLE input (
        sha256 TEXT NOT NULL,
        config_hash TEXT NOT NULL,
        path TEXT NOT NULL,
        size INTEGER NOT NULL,
        documents INTEGER NOT NULL,
        stored TEXT NOT NULL,
        PRIMARY KEY (sha256, config_hash)
    );
    -- the events of a store older than this were merged with reports of wide
    -- and narrow dates together: the next run merges all of its reports once
    CREATE TABLE store_note (key TEXT PRIMARY KEY, value TEXT NOT NULL);
    INSERT INTO store_note SELECT 'merge_all', 'schema 5' WHERE EXISTS (SELECT 1 FROM event);
    INSERT INTO store_note SELECT 'fill_signatures', 'schema 5' WHERE EXISTS (SELECT 1 FROM article);
    INSERT INTO store_note SELECT 'fill_mention_keys', 'schema 5' WHERE EXISTS (SELECT 1 FROM mention);
    """,
    # 6: a stored event is found by the days its members' dates allow a new
    # report (merge/windows.py), in week or year buckets, instead of by every
    # month its reports reach: a run meets the events of a few weeks, and one
    # report of "the 1990s" no longer meets the whole history; and each run's
    # whole manifest is kept, one row per run
    """
    DROP TABLE IF EXISTS mention_month;
    CREATE TABLE event_window (
        block INTEGER NOT NULL,
        bucket INTEGER NOT NULL,
        event_id TEXT NOT NULL,
        PRIMARY KEY (block, bucket, event_id)
    ) WITHOUT ROWID;
    CREATE INDEX event_window_event ON event_window(event_id);
    INSERT INTO store_note SELECT 'fill_event_windows', 'schema 6' WHERE EXISTS (SELECT 1 FROM event);
    -- the configuration (settings, data files, version) that coded each article
    ALTER TABLE article ADD COLUMN coded_with TEXT;
    -- every run appends its manifest (inputs with checksums, versions, settings)
    ALTER TABLE run ADD COLUMN manifest TEXT;
    -- what a web server said of each URL fetched (ingest/fetch.py): the validators
    -- of a conditional GET, and the checksum of the body they belong to
    CREATE TABLE fetch_state (
        url TEXT PRIMARY KEY,
        etag TEXT,
        last_modified TEXT,
        sha256 TEXT,
        fetched TEXT NOT NULL
    );
    CREATE INDEX run_started ON run(started);
    """,
    # 7: what keeps queries as fast at ten million events as at ten thousand.
    # event_pair holds each event's actor-recipient country pairs once, either
    # way round ("RUS-USA"), so a dyad is one index range instead of four party
    # lookups; the tallies count events by what the filters and groupings ask
    # most (type, status, months, countries), kept by triggers in the same
    # transaction as the events, so that a count reads a few thousand tally rows
    # instead of every matching event (query.py says when a tally can answer).
    # An undated event or a missing country is '' in a tally: a key cannot be NULL.
    """
    -- starts_on is the event's date_start: a dyad's latest events are one range
    CREATE TABLE event_pair (
        dyad TEXT NOT NULL,
        event_id TEXT NOT NULL,
        starts_on TEXT,
        PRIMARY KEY (dyad, event_id)
    ) WITHOUT ROWID;
    CREATE INDEX event_pair_event ON event_pair(event_id);
    CREATE INDEX event_pair_latest ON event_pair(dyad, starts_on, event_id);
    INSERT INTO event_pair (dyad, event_id)
    SELECT DISTINCT min(a.country, r.country) || '-' || max(a.country, r.country), a.event_id
    -- CROSS JOIN and the index keep each actor row's own recipients the inner loop
    -- (left to itself, SQLite read every recipient row for each actor row)
    FROM event_party a CROSS JOIN event_party r INDEXED BY event_party_event
         ON r.event_id = a.event_id AND r.side = 'recipient'
    WHERE a.side = 'actor' AND a.country IS NOT NULL AND r.country IS NOT NULL;
    UPDATE event_pair SET starts_on = (SELECT date_start FROM event WHERE id = event_pair.event_id);
    CREATE TABLE tally_time (
        type TEXT NOT NULL,
        status TEXT NOT NULL,
        quad TEXT NOT NULL,
        start_month TEXT NOT NULL,
        end_month TEXT NOT NULL,
        n INTEGER NOT NULL,
        PRIMARY KEY (type, status, start_month, end_month, quad)
    ) WITHOUT ROWID;
    CREATE TABLE tally_pair (
        type TEXT NOT NULL,
        status TEXT NOT NULL,
        actor_country TEXT NOT NULL,
        recipient_country TEXT NOT NULL,
        n INTEGER NOT NULL,
        PRIMARY KEY (type, status, actor_country, recipient_country)
    ) WITHOUT ROWID;
    CREATE TABLE tally_dyad (
        dyad TEXT NOT NULL,
        type TEXT NOT NULL,
        status TEXT NOT NULL,
        start_month TEXT NOT NULL,
        end_month TEXT NOT NULL,
        n INTEGER NOT NULL,
        PRIMARY KEY (dyad, type, status, start_month, end_month)
    ) WITHOUT ROWID;
    INSERT INTO tally_time
    SELECT type, status, quad, coalesce(substr(date_start, 1, 7), ''), coalesce(substr(date_end, 1, 7), ''),
           COUNT(*)
    FROM event GROUP BY 1, 2, 3, 4, 5;
    INSERT INTO tally_pair
    SELECT type, status, coalesce(actor_country, ''), coalesce(recipient_country, ''), COUNT(*)
    FROM event GROUP BY 1, 2, 3, 4;
    INSERT INTO tally_dyad
    SELECT p.dyad, e.type, e.status, coalesce(substr(e.date_start, 1, 7), ''),
           coalesce(substr(e.date_end, 1, 7), ''), COUNT(*)
    FROM event_pair p JOIN event e ON e.id = p.event_id GROUP BY 1, 2, 3, 4, 5;
    CREATE TRIGGER event_tally_insert AFTER INSERT ON event BEGIN
        INSERT INTO tally_time VALUES (new.type, new.status, new.quad,
            coalesce(substr(new.date_start, 1, 7), ''), coalesce(substr(new.date_end, 1, 7), ''), 1)
        ON CONFLICT DO UPDATE SET n = n + 1;
        INSERT INTO tally_pair VALUES (new.type, new.status,
            coalesce(new.actor_country, ''), coalesce(new.recipient_country, ''), 1)
        ON CONFLICT DO UPDATE SET n = n + 1;
    END;
    CREATE TRIGGER event_tally_delete AFTER DELETE ON event BEGIN
        UPDATE tally_time SET n = n - 1
        WHERE type = old.type AND status = old.status AND quad = old.quad
          AND start_month = coalesce(substr(old.date_start, 1, 7), '')
          AND end_month = coalesce(substr(old.date_end, 1, 7), '');
        UPDATE tally_pair SET n = n - 1
        WHERE type = old.type AND status = old.status
          AND actor_country = coalesce(old.actor_country, '')
          AND recipient_country = coalesce(old.recipient_country, '');
    END;
    -- a pair row is written after its event and deleted before it (Store.replace_events)
    CREATE TRIGGER event_pair_tally_insert AFTER INSERT ON event_pair BEGIN
        INSERT INTO tally_dyad
        SELECT new.dyad, type, status, coalesce(substr(date_start, 1, 7), ''),
               coalesce(substr(date_end, 1, 7), ''), 1
        FROM event WHERE id = new.event_id
        ON CONFLICT DO UPDATE SET n = n + 1;
    END;
    CREATE TRIGGER event_pair_tally_delete AFTER DELETE ON event_pair BEGIN
        UPDATE tally_dyad SET n = n - 1
        WHERE (dyad, type, status, start_month, end_month) IN (
            SELECT old.dyad, type, status, coalesce(substr(date_start, 1, 7), ''),
                   coalesce(substr(date_end, 1, 7), '')
            FROM event WHERE id = old.event_id);
    END;
    -- the words of the parties' names, once each with how many party rows have
    -- them: an actor filter ("milley") matches the few thousand names, then
    -- finds their events in the name index, instead of matching every party row
    CREATE TABLE party_name (
        side TEXT NOT NULL,
        key TEXT NOT NULL,
        n INTEGER NOT NULL,
        PRIMARY KEY (side, key)
    ) WITHOUT ROWID;
    -- a column, not an index on the expression: SQLite looks an expression up
    -- for a constant but not for the names a subquery gives
    ALTER TABLE event_party ADD COLUMN name_key TEXT
        GENERATED ALWAYS AS (lower(coalesce(name, text))) VIRTUAL;
    INSERT INTO party_name
    SELECT side, name_key, COUNT(*) FROM event_party WHERE name_key IS NOT NULL GROUP BY 1, 2;
    CREATE INDEX event_party_name ON event_party(side, name_key, event_id);
    CREATE TRIGGER party_name_insert AFTER INSERT ON event_party
    WHEN coalesce(new.name, new.text) IS NOT NULL BEGIN
        INSERT INTO party_name VALUES (new.side, lower(coalesce(new.name, new.text)), 1)
        ON CONFLICT DO UPDATE SET n = n + 1;
    END;
    CREATE TRIGGER party_name_delete AFTER DELETE ON event_party
    WHEN coalesce(old.name, old.text) IS NOT NULL BEGIN
        UPDATE party_name SET n = n - 1 WHERE side = old.side AND key = lower(coalesce(old.name, old.text));
    END;
    -- a map's "near" filter is a latitude band first (query.EventFilter.to_sql),
    -- and a page of one type between two dates is one range of this index
    CREATE INDEX event_lat ON event(lat, lon);
    -- pages read dated events by (date_start, id) and undated ones by id, each
    -- straight from an index, alone or after the type or status
    DROP INDEX event_type;
    DROP INDEX event_status;
    DROP INDEX event_order;
    DROP INDEX event_date;
    CREATE INDEX event_start ON event(date_start, id);
    CREATE INDEX event_type_start ON event(type, date_start, id);
    CREATE INDEX event_status_start ON event(status, date_start, id);
    -- covering: a word's reports give their events, and an event its parties,
    -- without reading the rows (text counts, the actor list, the network)
    DROP INDEX event_source_mention;
    CREATE INDEX event_source_mention ON event_source(mention_id, event_id);
    DROP INDEX event_party_event;
    CREATE INDEX event_party_event ON event_party(event_id, side, label, country, sector);
    """,
)
