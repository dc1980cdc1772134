"""Migration 11: the experiment lifecycle (seed, holdout, test-then-send, decision) and
per-variant tallies.

`variant_tally` holds signed increments per variant. Exposures come from a statement-
level trigger on `delivery` updates: a row with a variant that moves into `sent` or
`delivered` from any other status counts once (a retry that finally succeeds counts
when it succeeds; `sent` → `delivered` does not count again). Conversions are written by
the engagement recorder in the transaction of the event batch. As for
`delivery_status_count` (migration 8), whenever the table's ids cross a multiple of 64
the inserting statement folds it into one row per variant (never waiting: under a
transaction-level advisory lock it only tries, and only at READ COMMITTED), so a
read-out sums a handful of rows however many sends and events there were.
"""

from tortoise import BaseDBAsyncClient

RUN_IN_TRANSACTION = True


#: pg_try_advisory_xact_lock key of the fold (arbitrary; migration 8 uses 8_217_400_001)
FOLD_LOCK = 8_217_400_011
FOLD_EVERY = 64


async def upgrade(db: BaseDBAsyncClient) -> str:
    return f"""
        CREATE TABLE IF NOT EXISTS "variant_tally" (
    "id" BIGSERIAL NOT NULL PRIMARY KEY,
    "exposures" BIGINT NOT NULL,
    "opens" BIGINT NOT NULL,
    "clicks" BIGINT NOT NULL,
    "unsubscribes" BIGINT NOT NULL,
    "variant_id" INT NOT NULL REFERENCES "variant" ("id") ON DELETE CASCADE
);
CREATE INDEX IF NOT EXISTS "idx_variant_tal_variant_7d8f77" ON "variant_tally" ("variant_id");
COMMENT ON TABLE "variant_tally" IS 'Signed increments of a variant''s counters; the read-out sums them per variant.';
        ALTER TABLE "experiment" ADD "coverage" DOUBLE PRECISION NOT NULL DEFAULT 1;
        ALTER TABLE "experiment" ADD "mode" VARCHAR(16) NOT NULL DEFAULT 'simultaneous';
        ALTER TABLE "experiment" ADD "decided_at" TIMESTAMPTZ;
        ALTER TABLE "experiment" ADD "seed" VARCHAR(64) NOT NULL DEFAULT '';
        ALTER TABLE "experiment" ADD "test_fraction" DOUBLE PRECISION;
        ALTER TABLE "experiment" ADD "test_window_seconds" INT;
        ALTER TABLE "experiment" ADD "minimum_detectable_effect" DOUBLE PRECISION NOT NULL DEFAULT 0.1;
        ALTER TABLE "experiment" ADD "created_by" VARCHAR(200);
        ALTER TABLE "experiment" ADD "decision" JSONB;
        ALTER TABLE "experiment" ADD "decide_at" TIMESTAMPTZ;
        COMMENT ON COLUMN "experiment"."metric" IS 'OPEN_RATE: open_rate\nCLICK_RATE: click_rate\nCLICK_TO_OPEN: click_to_open\nUNSUBSCRIBE_RATE: unsubscribe_rate';
        ALTER TABLE "variant" ADD "position" SMALLINT NOT NULL DEFAULT 0;
        ALTER TABLE "variant" ADD "send_delay_seconds" INT;
        ALTER TABLE "variant" ADD "template_id" INT;
        ALTER TABLE "variant" ADD CONSTRAINT "fk_variant_template_exp11" FOREIGN KEY ("template_id") REFERENCES "template" ("id") ON DELETE SET NULL;
        COMMENT ON COLUMN "variant"."send_delay_seconds" IS 'this variant''s deliveries go out this much later';
        COMMENT ON COLUMN "variant"."template_id" IS 'renders this variant''s channel type with another template';
        COMMENT ON COLUMN "delivery"."status" IS 'PENDING: pending\nQUEUED: queued\nSENDING: sending\nSENT: sent\nDELIVERED: delivered\nFAILED: failed\nDEAD: dead\nSUPPRESSED: suppressed\nSKIPPED: skipped\nHELD: held';
        COMMENT ON COLUMN experiment."coverage" IS '1 - holdout share';
COMMENT ON COLUMN experiment."mode" IS 'SIMULTANEOUS: simultaneous\nTEST_THEN_SEND: test_then_send';
COMMENT ON COLUMN experiment."seed" IS 'hashing seed';
COMMENT ON COLUMN experiment."decision" IS 'the read-out the decision was made on';
COMMENT ON COLUMN variant."position" IS '0 is the control';

ALTER TABLE "delivery" DROP CONSTRAINT IF EXISTS "ck_delivery_status";
ALTER TABLE "delivery" ADD CONSTRAINT "ck_delivery_status" CHECK (status IN ('pending','queued','sending','sent','delivered','failed','dead','suppressed','skipped','held'));

CREATE OR REPLACE FUNCTION variant_tally_exposures() RETURNS trigger
LANGUAGE plpgsql AS $exposures$
BEGIN
    INSERT INTO variant_tally (variant_id, exposures, opens, clicks, unsubscribes)
    SELECT n.variant_id, count(*), 0, 0, 0
    FROM new_rows n JOIN old_rows o ON o.id = n.id
    WHERE n.variant_id IS NOT NULL AND n.status IN ('sent', 'delivered')
      AND o.status NOT IN ('sent', 'delivered')
    GROUP BY n.variant_id ORDER BY n.variant_id;
    RETURN NULL;
END
$exposures$;

CREATE TRIGGER variant_tally_exposures AFTER UPDATE ON delivery
    REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows
    FOR EACH STATEMENT EXECUTE FUNCTION variant_tally_exposures();

CREATE OR REPLACE FUNCTION variant_tally_fold() RETURNS trigger
LANGUAGE plpgsql AS $fold$
DECLARE
    written bigint;
BEGIN
    IF current_setting('publishing.tally_folding', true) = 'on' THEN
        RETURN NULL;  -- the fold's own INSERT
    END IF;
    SELECT count(*) INTO written FROM new_rows;
    IF written = 0 OR currval('variant_tally_id_seq') % {FOLD_EVERY} >= written THEN
        RETURN NULL;
    END IF;
    IF current_setting('transaction_isolation') <> 'read committed'
       OR NOT pg_try_advisory_xact_lock({FOLD_LOCK}) THEN
        RETURN NULL;
    END IF;
    PERFORM set_config('publishing.tally_folding', 'on', true);
    WITH gone AS (DELETE FROM variant_tally
                  RETURNING variant_id, exposures, opens, clicks, unsubscribes)
    INSERT INTO variant_tally (variant_id, exposures, opens, clicks, unsubscribes)
    SELECT variant_id, sum(exposures), sum(opens), sum(clicks), sum(unsubscribes)
    FROM gone GROUP BY variant_id ORDER BY variant_id;
    PERFORM set_config('publishing.tally_folding', 'off', true);
    RETURN NULL;
END
$fold$;

CREATE TRIGGER variant_tally_fold AFTER INSERT ON variant_tally
    REFERENCING NEW TABLE AS new_rows
    FOR EACH STATEMENT EXECUTE FUNCTION variant_tally_fold();"""


async def downgrade(db: BaseDBAsyncClient) -> str:
    return """
        DROP TRIGGER IF EXISTS variant_tally_exposures ON delivery;
        DROP FUNCTION IF EXISTS variant_tally_exposures();
        DROP TRIGGER IF EXISTS variant_tally_fold ON variant_tally;
        DROP FUNCTION IF EXISTS variant_tally_fold();
        UPDATE delivery SET status = 'skipped', last_error = 'experiment downgraded'
            WHERE status = 'held';
        ALTER TABLE "delivery" DROP CONSTRAINT IF EXISTS "ck_delivery_status";
        ALTER TABLE "delivery" ADD CONSTRAINT "ck_delivery_status" CHECK (status IN ('pending','queued','sending','sent','delivered','failed','dead','suppressed','skipped'));
        ALTER TABLE "experiment" DROP COLUMN "coverage";
        ALTER TABLE "experiment" DROP COLUMN "mode";
        ALTER TABLE "experiment" DROP COLUMN "decided_at";
        ALTER TABLE "experiment" DROP COLUMN "seed";
        ALTER TABLE "experiment" DROP COLUMN "test_fraction";
        ALTER TABLE "experiment" DROP COLUMN "test_window_seconds";
        ALTER TABLE "experiment" DROP COLUMN "minimum_detectable_effect";
        ALTER TABLE "experiment" DROP COLUMN "created_by";
        ALTER TABLE "experiment" DROP COLUMN "decision";
        ALTER TABLE "experiment" DROP COLUMN "decide_at";
        COMMENT ON COLUMN "experiment"."metric" IS 'OPEN_RATE: open_rate\nCLICK_RATE: click_rate';
        ALTER TABLE "variant" DROP COLUMN "position";
        ALTER TABLE "variant" DROP CONSTRAINT IF EXISTS "fk_variant_template_exp11";
        ALTER TABLE "variant" DROP COLUMN "send_delay_seconds";
        ALTER TABLE "variant" DROP COLUMN "template_id";
        COMMENT ON COLUMN "delivery"."status" IS 'PENDING: pending\nQUEUED: queued\nSENDING: sending\nSENT: sent\nDELIVERED: delivered\nFAILED: failed\nDEAD: dead\nSUPPRESSED: suppressed\nSKIPPED: skipped';
        DROP TABLE IF EXISTS "variant_tally";"""


MODELS_STATE = (
    "eJztXXtz4ji2/yoq7h+Trkpnu5N+bebWrYKEnmaHQC6Qnp3bbBGBBWhjS6wfyXD3zne/kv"
    "zAD9nYPI2jqq3Zjq0j7N+RpfM+/64ZVEO6dVF3NGy36axJbHNZuwb/rhFoIPYP+YBzUIOL"
    "xeo2v2DDsS4oIB860ulMDBtbtgknNrsxhbqF2CUNWRMTL2xMCR9eXywQ0d5Soi+BiSbU1A"
    "CdAvSMzCWwbGijt5M5JDNMZoDNw4jOwZSaAGoGJhaARAOYTLCGiM3InzF6sS74D2t0wn6Z"
    "Ue3xNxyC/+WgkU1nyJ4jk/3Sj3+wy5ho6A9k8T9/MFhMdndkLxfIRUn8ibUaG/mjRicTxz"
    "SRNoJ27R+cdvE0mmKkaxEesNHslrjuTsSuNfCsReyvYix/3fFoQnXHIKvxi6U9pyQgwMTm"
    "V2eIIJO9Mf8F23Q4Q4ij6x7zfB65b7Ya4r5SiEZDU+jonK2c2n2A1bXaaNTpDkb95mA0qi"
    "VY7lOEOORdmlDClwt7VEsAMOOP8Pavl5dXV58v3119+vLxw+fPH7+8+8LGiudN3vr8p/sw"
    "K7TcqQRmrV9anQF/IMrWpLta+YU/BQ20oUslOLdCn60Iao7EXwku3MyhKedBlCrGC/aScV"
    "74yGcxw7+w4sbqmwqgt5aWjYzavlhiwD9GOiIze87+vHz3LgPu7/Xezbd674yNehMFvePd"
    "unTvcfwjePOHKoa1R3E4nPe57CMYv8+F8fsMjN8nMY7tSnmBjpFVEO2PecD+mI71xzSoZX"
    "v4WqClG3kVYP70IQfMnz6kwsxvRWHWkA2xK4lEQf5bv9uRgxwiiUGs4YkN/g/o2EqcmTvb"
    "p/9z6hCxb4Gxg3WbCRoX/Gf/a187dwbgHCI+s2FZ/9LDQJ/d1f8e58FNu9sQkFHLnpliFj"
    "FBI8YQEzEwrKILP0q10cr3JJTXsvDDImQC6FsGk40NJAc7Rhr/CDzaC/8fp7jrmAhqXSb2"
    "e+siA/xB667ZH9Tv7iNfwm190OR3LsXVZezq2acYo4JJwG+twTfA/wT/0+004x9MMG7wPz"
    "X+TNCx6YjQlxHUQkK2f9VHLS4mMQFT9nWl6gVhkvXawQl8Wq5+cPn+w+cPX64+fQjUguBK"
    "ljbgSv5c6Zo+pQv+SXi/UhPhGfkVLQXKLfZIkExkApGnO9+bXHtcQP30EP7TX0L+1dUjmv"
    "AlUFUjK4sBwF4b2QIC9gCg89Bu1wTQYzh5eoGmNoogzu/QSxq7EoxN3jIujfgVSOBMwMPf"
    "gz91AnuJUSPCmHSDxiIybL1BAyyQabFznZrAQuYzniBgz6EN5pQ9MbDpEyLWz+CRP8wjwO"
    "zKHIG//TYAj5YzfpQYL7afb72hopDt4bUYHrbaWM4zTAoTdizZGx3ZUUp1Yp/Sie0stA25"
    "HqVUXC8L132MQmz3nn7F9aKGw92aDI+7je7fWKhha6HDZWHzbJzugAbaEzbNIgNivQjMAU"
    "H1NPmryzwAs1GpAIt7MaMJ1VOWcZM4RkLfiJpOPNoDLmXuCkNmwQVdq9/etTrXrndtSJq3"
    "rUG3dw2QhpkOMSS95vdW87cmu+K62hC75l8J/V5RK/qnPEb0+DERsqF/irMKWyPud3iW8K"
    "tBGSsgSZGRw3QxXo0Z4b6Y5W/8hzUtNrrdduSgbrRiDrjOw12jybAX0LNB2I745UKGdKHo"
    "jJ6hjpkkNLWRRDfPFqPkM+xAnDrMRuU9P1PxLAdpgGmATCMcoyk1uULIFD+DGtxFDdnfJp"
    "o6FtISymR0ijOhJmJoP77JNd3PTAG1wXg5JOzbZDMFCvTAnZZ7ysdLoCGxwqGwbp8xxfov"
    "wneO7eXFYnkOek22AzTBsOZSDWuC9fnXVMklQFfwT9iV0u0fIYuTCJ1gUJkYSVwZDY/866"
    "89pMMUn2dawEYplvDWhqeoCXSxMOkz04sWzljHE4HIlrDdr2aqKGgKqwILTEemve2HyOeo"
    "ED77tNYyQZcQJLXV+rfOsyy1k9CgtXbaDiVvLTQx2YnGTjWbgWEBncllABPwyN57imePP3"
    "vm1XPwhJbu+SYuvB0jyOEDD722JU7IJ7SwE6ft7n9iSEQQG7QAO3fnbGWhP2wxm/szo9XV"
    "R3BmIQQ0ylQwcjExlwubvgEWBRBwu+QYWuymYyyGRKPIAoTagAmtT9x6bCijsTIaK/OhMh"
    "orriujcQWNxulhj+utbKcQ+1hr3tVb7WsgrK9D0m/Xb369BpbOZLQhuW31b7q922ugYYtH"
    "wg/Jb83Gt26XjXhB4zmlbEyv378GpmWVw9LmCkpJhqVH9q0oVGBfZMfbRWBfQtJMcmbArs"
    "o5IyWugnMg6/Bp/n2QzYXg7Gl3O7/4w+OsiXHBhrYjUU3z7WIr6gN6C1Zm70LegptB63vz"
    "GrjUQ3Jff+g32fa1gNwiKfazeqPddDc0/nwJo+dxdi0X4hGTUSxZNkPGJxInVJ9H8c+DIz"
    "PSsYHt0QKZI7btUCJRSr/qFKawIXWGGDumfIpKMeS2+8A+KHDfa960+i3vBAmkY3Ez6qvp"
    "NevtdPzHjmlJzohUe4CMVEWrJv1hYxMSrVgAcJhEQbo2AFjAJdk0igYAN/x5TgvdvMG/4V"
    "VVOPg35Jgw0RSZiCG5pcW974z5+46ReR9MWR7lbLceCvbCTCra3l14686Tx1N4Mjht6anI"
    "6zK7g2Q5oPy/efMBCvnNymWdydgTxNuN4iH20Xc1+UJEWjDKc9i4qFJT8OUJLWOge3tLwD"
    "lvhEfs3bXnJnVm8zhpyCUU2Ztu6v2b+q0QZEZxL8OfmU6q1fZSk/ipQnfPs1xVVnTcWm9V"
    "D0H2KoyYB1gIww53Ff2Fh2ws2b8AUyeQSaAOsAbOePGCCU8R4N4kz6oDeHCB2F3fJHMMdj"
    "67ch4p59GJnB8n6kZQzqPXyPU8zqMjR2mXyHu0lxht/ywsmNkeI6sa1Htx1B3XDVr1bA5o"
    "s0cYO7ZMd0z3rUWplH9t5/41fqD+LyXFCvOEaA64+B8GN4dZ/7svm6HTCUzLtZFjvKI4IM"
    "KIHAbgffm/XqGD8qHTf2j0b3qtBndKOiTQ9LUhaXQfOjf88piyTYxfuene3bfrrQ6/OKHG"
    "QmcMKosLk/8cIvZoxt6LbKI6SuhPJttmJ67NcmsOSYXR59gLtueaCV+24Xp8DsX5snF+ox"
    "wl5aY5DTdNOb+VbJgQOye2zbdpkhmcIZ652OSzVRQpaFl4Rozt4aoHE1Xp29tnkpJ038r0"
    "BEX3tzw+odEiSrLWPdQlCJj0hZeKAmerec6BTRd4cg48N9ibazBno+jURuTc9d/MERHJPz"
    "blAXS2Y46T7qGdzy5xD/2IucTE1PwfvgfvHzEH0g93iGdPizoDp6KOJJksVVXtklbVVg6p"
    "dAadpmtCOaReI9fzOKRWu3GC6fmsQZEJDmgQwoaBNMxmLWoTat3dNW9bDPprEMwxJLf1Vv"
    "v3a6BBrC952k3zV/7nC0JP/O9O8zuvcUN4W4py2H/+5WBkj+bUMa0R44wpy/RI/WClxGnf"
    "bSX1/8h3KP0GV+B/eSP77vgnl8oRJItNzccPJI1kV9woyI2YzJkvYilKtFEUdumOrh1Hto"
    "f0oELQJugUutI6WiutKSewYRKF6frEgagmu2X2QDSi9MSAzptDkPh0pcG6yXW8A3wH/jwV"
    "hTb88a5HNRQvvSWuoYo9FUU2epTLsU13qezTRumuaYlRMljs6VbI4Ltaa3VMB1SFf6vw7x"
    "P52E/U7qKsba+R63msbZbuSIqlpMe1+eMrVztoL50Tyx+SfNoh3+EnS8CcXjQjRlaBAPBD"
    "VMxQAUAlDkJQ+cf7zz8Wus5m2cdhtTol9zjQpHaUeezWkZBodUGBiXStLqhlkS+WROc5vW"
    "f8Z87Zv2f0HLC9lvsOeGd0avPYDwuxFcD/n04w1IGOyZP1BljsJESiCrzbXj1kT0iElOz6"
    "R4ZE9EWzGNQT2wLY/hlAEGIIMOASMJY8sVsWoC9EpSorXfWUjpoT1VqUrvoauZ5HV1V1bv"
    "epS/EzdeSYhXLBwzRVKDyYgDknzplAJ5BemNiA5pLjKGsZnA53gvCAmut/vIefr9CXfSmw"
    "e08wFBUZN0JdQnpI3C/fXb6//HCquLuieRHjzIpC2WWKF/oVGlDhBpcxsgoAf4AD0wOtcA"
    "GVOF31Ds69VFJxlfqRUOqTcKeXoIjTqSIU2btOziIUG1mDIxX8NjYF548VKdlXkitZT7Vc"
    "O1623gDxmgrC8poMhvHvnWfGw4RHrTWeDuYI+N0uAZ0CCHz6n4XVUTTs4km8Fm/b5T/Bd2"
    "RafDOxKBAmzIjZMmE73cNvDMkTQgsLmOIk423HePo+bwYGnj06bIMXaAG/6aIYkJ7M5wse"
    "foyUWMjnws5uQDuRzKdMrMrEWopN6kSNbcrE+hq5Xn4T67H5un+dMXHAbZDfGJ+jzNhXrL"
    "mYJ49syLgV9QENLHPb0AvqmbVvgzvGM045JNzudC2ExPXs47rhNfinlZRCj8OuiWOavLiU"
    "J5QWkA0llIdLZXpfakFxBe8zNDF/z0LmmAhROWwx/PdO2hYTMR9AsXALaUIRGtXqZ23Gno"
    "tXEuDi2WQha8FpIZw36ymytCKRbT0mq/ZaN4N8/X4mc6xrJpLs4UUsYtXDO7ohu6fVlmbD"
    "mAmoPMLkjsHiB9HWFdG+u7OUZkHVXJucBew5toD3jj9ZftAj4I/vWusgodwAB8IWy5KbZf"
    "0VmWGdDS3a9UbasHi32/zFHxFDsP8zyo55TDtmcS3gKNJ/6REOu2QdcyKxY2S0qw0oymy1"
    "KG14h9K4SqhxKf9I+oZzmpbyPP6RQIYoVhsnSqVOlfXKdliQOpy6XTaQc9dviS6wMpUZCY"
    "ejSCT4WLRKuvQeC3bYa+GRH+HeIvx3rfnID0hQkruKQDj6vlDhE1ZFIFSN63kiEGxsF+u0"
    "FRBUQqOMBVLnikG4yohBuJLErTsGzyIqpLavSCqQG3BorX1MtUJo++MV1IWhXpiYmtjeuH"
    "Z4mP6A8BMeGVI4TKPT7d3V2wx6QT0k31q/fLsGczybD8lNrzVo3fC7jMJm4nKiqMKR8vBO"
    "r9GfZsKpXZQ3t73618E1ELRD0uqMes3vreZv1wCTkYmeMXoZkvr9fa/7nffy88Okh6R/86"
    "15+9DmF63JHGmOzq/ePzTarf63VueXa+CpIYyJwXU+2rvMR3+tt8QEU4gF9U29c9MUVyYc"
    "VXatHGshpFAVFPCilKpXXHnkuaQYbzljA9ubCfJxWsXpMnPa38U2YHSMVPG5zHwOjprNd2"
    "7F6ZPgNHQ0zAvtMZHFovqGn3bKHIrzZea8LyluYnONkio+l5nPXEdwTP5xQqtYEdUkZRUK"
    "GRzaYOHqgow9MgdnOvgxMoV8ceQDT+lkTrG0PG16SI2MthyRNSdfV0LKoo3inuTUik37Y9"
    "MCy2LPc3DIJ9yKOaezn+2FC4EKPV4Wi0lKEqoUoGSsK5Oi5rRgi7kIjQI1CaqoM10M0zCJ"
    "gnRt9Jy7BJP4Fo6du2dvMcELWKGyS+ex2LnI5xqJnGNPADoP7XYtbcdVAOcCOHHS5EA5qE"
    "W/Jb5B2ftqYhveF1NQzZNnyejwMzLxtu06bt15lvsSqo+AeGRVome0de5gk8zgDBlsouYz"
    "OsWzKx9SfyzYejJ2AFcwUZUWVaGI69DZoyNZh3Ufzy5BA8r+sx7Vuj9RRZZeMig91gR2F0"
    "1xNu4Ce1LtcIK3jDfCSZSojLbDCTe7iTfCSbbK2Uk7HIkDI7XUaGFub9Gb9qT4HXrPghyP"
    "9rbdmOeh9j8FuJ6ZdBLIIZKMk7CMkp5uooVH7TfXJAmUF/DGRoYzUQj6wx5Bm5vPbJGOwm"
    "9z0RrzwtIGsiwGBp+hWJ5KA89eS6rKXy8vr64+X767+vTl44fPnz9+eRfo3clbWQp4o/UL"
    "18HPwyY7ldCyDYNOM7VBJbS8Rq7nSWhhe7KxoDYik6U4EBOsT09tkZCqXkZ5ymyaaIIXWF"
    "qjKx3tCFEFk4n21c7oBEP6F4hoHLhiuNfum51bNwbfpR+S/35oPvDAevbbjgjf90dY/gh2"
    "ZSD+tIfkttlufW/2OIEnVcrC9W+bdTEA8vke7u97zX5f5AM4iwXblizxO7+27u/FxSe8WP"
    "Ar35pt9ufcX9hHD+7XIdm4wq1Pe8AVMXb0p6LLofHQ/vUacMohqbebPcbnwCxTlAFfcuD/"
    "JRX+L3H0PeVA8lX2Dajr6R7LEN3hilO826+wf3X5+VMg3vM/sgT6/l293U56KnUELXmtj4"
    "eH1q0czDBNDEzHwdoFpyyN5a3GuzdMdIgNMKc637sA9HcxYDLRJhfiGcC6qaruFhIWsQQK"
    "UbDj+m1BaVlCroJQyyMhJxUjHVr2CJmmzFGdHgMZpVIhkMVDIAV4ozm2bCrLB08P3EoQli"
    "OqrlJlxWT2vALaTAp5FT6TmFrzMY/sykalKzUfJe1CySYnT4hMnThlPnEC9WsDJsdpFafL"
    "zOmoaypnkGGUSFXpk4RuJn1VObFNEip8ZbV1nTF/jjEqGHOcoFNBsimdS4p2yYgSKVjXt8"
    "mIFmrcNj62UDfTsm0PecM4k7ujvISn5IjbAcZbRLqcCL7Rk309tqvtdAfw9iOTndZekRfg"
    "xPmTI8T7edVEY0uEy9aOY+fwRg+hLQK9VQDzsbqZ+GFnfeH5vKGO+NnU6LTwsPM8gWoj16"
    "XK3sonWduHus8+MqSJJjEzZAGbil7OxDHYZ8x7Rq+yAsCCXXF/4By8mLw4EwHjpbgkVsJb"
    "na2sRLG53f/CkLC5ZzPe6oYS8Oi//CM4M/DMFAsXfHkDINHAlOoa+23GXsrGIu7NCP0IYJ"
    "qjGMYeiFwMyZD8Nl9eAw1a8zFlzGZP8fgXA7Ffm1iPYmDwY5w17NoL+yDF6+hIYw/Eu+1w"
    "6C3/qR1rSBAfD6boBViILTc+K58Kgl963Yd70PgdUDYCuMP8+cGMPaq1aq7tzs/ex+Tj2L"
    "Py3t6WY3AA+UPZ8DH8YuhfDmO32787+BlM2A+z5yJwYc2pfQ7GaAIdCwEEJ/MhcRkEsBVA"
    "zwj4b7MVRCzoGlzFjAErgwe7AD3+uNBEDGZ9KV5mSDCxkMk2BI4Gn5Nz7EzgAbywpjfnvM"
    "04Q8XruhgMc0e9QGzzdxZPCETToiFhf3IPuU4nT5z/0IWcjWaI/cwwRkCjBvuiL1YL64I9"
    "xzOeoIvw92GlNSWPBWeqQMpSBlJmxZ6k6MdHiDc5mC1892EcYlcptsIDkirZdQ6wzhOadL"
    "oYt0/xJC7USUQTidyXLpagYPAIBaPXSiSPIUXYO3VXqtujOGMmdIHZsTI1qSEOoeDUZIcJ"
    "t7uzU0DIEwSxUYQmRJLd/8SQ/JOyI4efxZqzQDxmk8kj6GJ2waYH/U4feM44gLU3wIBPjB"
    "QCEy10uBQT2HjqPRC7Tuhbush5PMlyB+hEnKdakCEQCIheEgb/Lt3MgoTOFiZVR18pj75j"
    "OTZKpsLt2jQswJDKE+vjFn3aMksWNS8I9fcgBnUZBKb+PmL/qIfucOsCZPe7983ONaALxL"
    "Sjm3aLN4GfsN3maUga3YfOTfMajJkwPUFD0u9+HYz8ixad2iP/zk337r5db/Fo2AnldX8w"
    "D4l96PQfGv2bXqvBxjsk2Iniu/VxpJ/wPphYE9le4hhpBXM2quQlxtbIYNollsUsNyjVES"
    "QpZ1qEMMblMaPcF2ODK4flbKPbbUeY2mjFA80e7hpN9p0JbrJB2I4caKF0KFPiskgP9/OG"
    "VyGA6dBxfitxtIimHKXaCe5VzzsykA25wJaEOT2WMkxTjjDKShUnNNEE4c0qV8dIK3iEn2"
    "jaZZ5k25iyW8h8FSaskI50EIW1PBFi5WSCChArK7gZkUzhGiBbRigUKIxWMozzhijENtD1"
    "MTbHjBM7UYw3CRNToUx7CmU6jp/mKzYte+WJqUn8NPEh5zn9NFNOl89PwyMQxHAgnDs8Eg"
    "GCJ8ZYEYjgbwW87R2PAuC5pHNkImAjXee+D3dJCMsicPP4Ii6anc4+JMJm6XpzhNsFQdsP"
    "b7Ag9+b4ISZuhAOT/6mpWQDbaV6YhE+FP5vrMVGxA+WQR9MdKEfVEEqnCR5FRRCfSwL7dJ"
    "OUP77MDpZN7VEf8pijPqRboz68KU8MwZ0Il+tRXXcWsoMpcj/zVHID70bmaujaI+nGjQRz"
    "AwnPZiZkDwd5U99zMHYmT8jm+7xpn4OQEHUOPM/om4vEIbSD+aRHR2gmsaYTIp07O/9XyG"
    "0bP1wS83hUym1fzlMnxq1N3MzxhVPizbB21+o8DJrXwMDEsdGQfOs+9K7BnDpMHLsVrma4"
    "3MTXu+N6OatPrYiBeEVVQdvwidiCc7l3j22KLBtvd22LVEnWe7LxSksYZh3Wlrx+4ekW7z"
    "qwRhIUd9hIJUQHXsrVwt4tgFgM+BWNQn0z1Ll1TJYHmAF6QKIw3wxzTx/cAPo4peLAZhzw"
    "gvY2YUGCVPFgq69gC1akzaA4shlHhIOkIA9WNAr1rb6DTcBPkCoebHcebMKEJK3iwmZccH"
    "NFCsIfIlK4b4Z7KFGnIPhxSsWBDU9ePyWq6OkboVPob3oCB7E+hQ/gKKXiwMklvPeDvhp1"
    "TeP/qEk81slB51lu61WvDu6mCMav9V17kyMLvCBgOJbNk8KBAbEO4IyxCJzN2ft62Zbnq0"
    "TKN9dgYVIbTWy3IAsv3M8r0SSc2bv+gSEx0cKx3Zx1HqQF8NQdEATP8WIyJnqLjQXldWBU"
    "wZWyf5fnGe5rxJeK3HEthz8gqFznqqvLPBlkbFSqG1rci6crQUsWBp3VtsqnKHMgwMYY54"
    "I4A+FkQRtbuoLTE/RWFCo9L+Lw30V6nuqEmf4lVCs5ryTS3oC97xPS2pg8yeS88O1MCc92"
    "B450f+R62Q7wsQDygHLwwv4P2kKMEpWELsCNCE636RMiFphA01wyOYqLTvTlJ0ainXvl8L"
    "hw9dBr85p5Selu5z8xJPwPE2nYZLIfmFFkucX9XkSk/YuQBG2wQHShI3BGqBtt7xO88WoC"
    "uvO6JQPPh+RljidzoCNPmHTj8tlzLihb/OzJJrzg4BwZ6cGTycAcx9RHc2jNVfj9aUiSKi"
    "Zrv7FDwfdQQJYM01RQmvyUJ8b+U3qM/acPcWnygDVMygbtoYuYKElRSYoHlRTrloVnJC23"
    "MnQ3U06E0XHrpMR0nkvFIPTHApnYnz2U4auEoJMQgtzVsdGuFiNV21rZt7VI583guy0m+y"
    "bolOhbutIoVUf3WM2zqohrRs2Z6NEehblwuY5mZLITAzpvvY7E5ri+JsoxOg+dKrwZrYdK"
    "Vm/mVBHOLjgTgHwcdSi0hchaAkQ2mIwqM9FxO1WHtlF5Xou+s6UUkFGOXplnXqEe43Vw2o"
    "DrUUrF9bJw3ccoxHbv6VdcF/+f4He6W8EfXwm792HKSJt4Ikd4fXmQFfXh8BYpoSM+a60Y"
    "7DXeWmLUq/MaIcEcXpMJ77LwDkeuD7ojtyOFe4stVLc1RaiZhEcbCs9dPd3R20pkdS1bz9"
    "9jdDCraSac2kV5e9urfx1cA0E7JL2HTqfV+eUamA4hDH6vJUhz0Lz1WoIwQVdjV+udm2Zb"
    "XOTv76V3l4BrSJacntFpDkkT0/fJpaIM4r5eXjXRf9TjO1QNTLDhGOwVeKwxB2OEplP2T4"
    "kOqVOYlpGVNUuMH1M+zb448u7i/Z6OoQzgb7sPjXYT3PeaN61+ywvaC+QHcVN4i4LeHL1m"
    "vZ3IR3lmYMwkx3wG7GGiQ6L8/qJgMkTtPXgL5lTXqGMDi33BOQ+GPYPO9eWNT32P9oC7jc"
    "W+MZ09DaLucVSEAf3W3UN7UO80uw/9axCeaUgGTD4dDb4xuaDf7LBjwEaWPeLdeUc8lq0c"
    "h4F4pqnpNsQt9JEkKDf8UspZVHlfn4ZA7YW9G1NUvA7KBYw4KdSq8r2sANIEa2gDhT5CuA"
    "N9vmQ4n676nrTauKzaxGoTpVRcLjuXLenplJXrsqLZKtvlMHytucHpUHvLBTm3Q6/7AiL6"
    "3YAab0W/tWy318yXcaGmbFGqKjTDO4A9TdRn3mi/i1Kq/a7M+x3PSN6Ex2E6xeEyc1iljB"
    "w0AumYfZnKBnXeEI68jZnSYzjiwcE8VkJWlMQj/vprD+kwxZYgjVWvCPKyOK4tcapeDNef"
    "+4wI8uGShAOFkEyPBQoF3+03L0I83FYZESo8aMvwIBUysDJG51Jx3meoOO+TKg4TtbD8oO"
    "4bUNfTJaMQXWlrV9Xe8RpCIlOcEtukek4fgLumry4/fwqWM/8jayX37+rtdtIq+sJknblE"
    "s0jFdUVwOFT35WrctYnZxrZeaDMICKpn77jKtRlcZWwGVxJ7h2MYUNatNj0zOURSBZAPnZ"
    "w8plohuP3xCuviWHMnMFep4HIDT6CcuMSOwJqo0OKJyj9ZftNTjCwwo8A1e7MBhsMLqrCH"
    "TTRRPcyeji3uXyWyXI8GpTqCJEV+DtPF2DCm7km/j7MyuHLYD6LR7bYjH0SjFV/xD3eNJh"
    "P/xNexcoknEVcppHuVURAvfGmjYtjGqMq8rZiigKcFYtuL15QL8GcGL9ieA0go16uB/26H"
    "219UcuRxkyPDHN8S4kFoqlex/vOyJbZjFO4wn+hchqUVrAsYQW+97talYdVuLcXKqJ4bKh"
    "vq+tbLybMED9hceZbUyQB1AMO6i1m6dT3AdK2JfWQHQ9eWqeyLqjIAk4mJxGcC6BTA8Bbp"
    "9cP+GUSibyzHEDY6Q/TJ9oYnu2nvdvoh+c3Eojm3KEqJiYVMG5y55SZfILbZdfY/5O/iq/"
    "l50cvU5twxV8GPcO67aqxdzlJKTMChlmMWbeAQISutBbyUvFA9JFWvtteGuuoUc2wOqPJT"
    "B7GwqMpIu62MdJyiPXWdycM1WflScSNTd4DBkH1W6fkRymcPVYIpJmW/FhF7b+E5J1iRgM"
    "mPGoesGOK1+2bnVlQh8OiHpO9fsfwrt81263uzx0sQeFY1Xpfgvt4btOrt9u+jr/WWqE+w"
    "gKaNuWY9ctvQD4l/Z9WWvnACRJ6U+sv0lPrLREq9qsyUDv1p1ujJU5lJY2+m8660myT5RU"
    "gryPcT4XOupIiAWwbm/QYL+t8l1MoLX8ALP8WmZY+CU2KDr00+g0pEKvM3F1Qr2uRQjdEq"
    "Tpea00G+bTGDQ4KuxLEgRwuyKV0+38nreBkGnax88+LJfOxNJngB80gGJVvEeY06iS+4cG"
    "xG0rCTM7eyS9CAsv8cJrPyqIt+r3mVW5nOWhoyFtRGZLLsoQk1o1ao1EHnWSY1vBo+Mlfj"
    "d5z8tvA/zpGfRUUXfEV46+MJLVV7oDL5NjJ6JCY4mTdlJklZwUy6vRQLiXwreeGOEFUQ6d"
    "0X+uS7UAGAveEVhHYvi3jKfh+ZfBOQ6KfpKMfIKoj27hcyUzbZ80r1l6yDMkJWJYf0ocNg"
    "lHfjlXg3ErrtcVzqXcce0z/ukGVBseATOkF0QKY+QMXQkREauzY+99Fgq/Hx2o2OhS/AIw"
    "boD0amL3nzd34LGRDrDEtIrAU1bTCHvMwV7wtvUzBk+mt/yH5voTvu8Cl6iXsr9/dLQ+Ji"
    "Lf7mBQXBgs9rzXmr+DO+agFlGq/oXm9TE4n29eeAUBHOy2N7ly7FM0a5g3iVilNKFUft36"
    "9l/47ncMtyhTMKFAQUlZBKD500b6IJXmB51lM66FGqMgPP3WoGfGuhBRQPAxB5RjpTy8Hq"
    "HcAZO4t+ssAtsmxMhLp+MaB1TWPr2kLWm8QBuKM5j10vwRn/U9pAI6saSEBSZqaX9mszsM"
    "xa12ALxFzKEfcp4sEXS9uNFq8O4A2vPnIAOMO70erUe7/LEW9I6ik3fh806zJ315GibJGJ"
    "J/OaRBfw7mQqAXA1RrXDPLDwu7eAWqajyGuvpxvfQiSV2HRjZs6PH/OYOT9+TDdz8nvRfZ"
    "Z/VAUQ9oZXEN291BTkxfakFTbS+weESLZqH1A2tDPA3VlzgKMeZn/+P4qggRg="
)
