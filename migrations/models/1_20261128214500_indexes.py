from tortoise import BaseDBAsyncClient

RUN_IN_TRANSACTION = True

# Secondary indexes for the hot queries (due deliveries, status counts per publication,
# subscribers for a topic x channel, events per publication over time) and CHECK
# constraints that keep enum columns honest even for writes that bypass the ORM.
# idx_delivery_due is partial: only due rows are indexed, read in next_attempt_at order
# and stopped at the LIMIT (bench/queries.py: 11.5 ms -> 0.24 ms on 1M deliveries).


async def upgrade(db: BaseDBAsyncClient) -> str:
    return """
CREATE INDEX IF NOT EXISTS "idx_audit_log_target__2d010d" ON "audit_log" ("target_type", "target_id");
CREATE INDEX IF NOT EXISTS "idx_audit_log_occurre_73e282" ON "audit_log" ("occurred_at");
CREATE INDEX IF NOT EXISTS "idx_subscriber__topic_i_925f6a" ON "subscriber_preference" ("topic_id", "channel_id", "frequency") INCLUDE ("subscriber_id");
CREATE INDEX IF NOT EXISTS "idx_delivery_due" ON "delivery" ("next_attempt_at") WHERE status IN ('pending', 'queued');
CREATE INDEX IF NOT EXISTS "idx_subscriber_active" ON "subscriber" ("id") WHERE status = 'active';
CREATE INDEX IF NOT EXISTS "idx_publication_status_06dba8" ON "publication" ("status", "publish_at");
CREATE INDEX IF NOT EXISTS "idx_delivery_publica_74c23d" ON "delivery" ("publication_id", "status");
CREATE INDEX IF NOT EXISTS "idx_delivery_status_bb1bd8" ON "delivery" ("status", "next_attempt_at");
CREATE INDEX IF NOT EXISTS "idx_delivery_provide_7420c7" ON "delivery" ("provider_message_id");
CREATE INDEX IF NOT EXISTS "idx_engagement__publica_9dc4b9" ON "engagement_event" ("publication_id", "occurred_at");
CREATE INDEX IF NOT EXISTS "idx_engagement__deliver_3c3f78" ON "engagement_event" ("delivery_id", "type");
CREATE INDEX IF NOT EXISTS "idx_alert_status_d94a5f" ON "alert" ("status", "created_at");
CREATE INDEX IF NOT EXISTS "idx_delivery_subscriber" ON "delivery" ("subscriber_id");
CREATE INDEX IF NOT EXISTS "idx_delivery_channel_status" ON "delivery" ("channel_id", "status");
CREATE INDEX IF NOT EXISTS "idx_preference_subscriber" ON "subscriber_preference" ("subscriber_id");
ALTER TABLE "principal" ADD CONSTRAINT "ck_principal_role" CHECK (role IN ('admin','editor','reviewer','viewer'));
ALTER TABLE "channel" ADD CONSTRAINT "ck_channel_type" CHECK (type IN ('email','slack','discord','webhook','rss'));
ALTER TABLE "channel" ADD CONSTRAINT "ck_channel_status" CHECK (status IN ('active','paused','disabled'));
ALTER TABLE "channel" ADD CONSTRAINT "ck_channel_rate" CHECK (rate_limit_per_second IS NULL OR rate_limit_per_second > 0);
ALTER TABLE "channel" ADD CONSTRAINT "ck_channel_burst" CHECK (rate_limit_burst IS NULL OR rate_limit_burst > 0);
ALTER TABLE "subscriber" ADD CONSTRAINT "ck_subscriber_status" CHECK (status IN ('active','unsubscribed','bounced','complained'));
ALTER TABLE "subscriber" ADD CONSTRAINT "ck_subscriber_reachable" CHECK (email IS NOT NULL OR external_id IS NOT NULL);
ALTER TABLE "subscriber_preference" ADD CONSTRAINT "ck_preference_frequency" CHECK (frequency IN ('immediate','daily','weekly','never'));
ALTER TABLE "publication" ADD CONSTRAINT "ck_publication_priority" CHECK (priority IN ('normal','high','critical'));
ALTER TABLE "publication" ADD CONSTRAINT "ck_publication_status" CHECK (status IN ('draft','in_review','approved','scheduled','publishing','published','failed','canceled'));
ALTER TABLE "publication" ADD CONSTRAINT "ck_publication_title" CHECK (length(btrim(title)) > 0);
ALTER TABLE "template" ADD CONSTRAINT "ck_template_version" CHECK (current_version >= 1);
ALTER TABLE "template" ADD CONSTRAINT "ck_template_channel_type" CHECK (channel_type IN ('email','slack','discord','webhook','rss'));
ALTER TABLE "template_version" ADD CONSTRAINT "ck_template_version_version" CHECK (version >= 1);
ALTER TABLE "delivery" ADD CONSTRAINT "ck_delivery_status" CHECK (status IN ('pending','queued','sending','sent','delivered','failed','dead','suppressed','skipped'));
ALTER TABLE "delivery" ADD CONSTRAINT "ck_delivery_attempts" CHECK (attempts >= 0);
ALTER TABLE "engagement_event" ADD CONSTRAINT "ck_event_type" CHECK (type IN ('delivery','open','click','bounce','complaint','unsubscribe'));
ALTER TABLE "experiment" ADD CONSTRAINT "ck_experiment_status" CHECK (status IN ('draft','running','completed','canceled'));
ALTER TABLE "experiment" ADD CONSTRAINT "ck_experiment_metric" CHECK (metric IN ('open_rate','click_rate'));
ALTER TABLE "variant" ADD CONSTRAINT "ck_variant_weight" CHECK (weight >= 0);
ALTER TABLE "alert" ADD CONSTRAINT "ck_alert_status" CHECK (status IN ('pending','sending','delivered','partially_failed','failed'));
"""


async def downgrade(db: BaseDBAsyncClient) -> str:
    return """
ALTER TABLE "principal" DROP CONSTRAINT IF EXISTS "ck_principal_role";
ALTER TABLE "channel" DROP CONSTRAINT IF EXISTS "ck_channel_type";
ALTER TABLE "channel" DROP CONSTRAINT IF EXISTS "ck_channel_status";
ALTER TABLE "channel" DROP CONSTRAINT IF EXISTS "ck_channel_rate";
ALTER TABLE "channel" DROP CONSTRAINT IF EXISTS "ck_channel_burst";
ALTER TABLE "subscriber" DROP CONSTRAINT IF EXISTS "ck_subscriber_status";
ALTER TABLE "subscriber" DROP CONSTRAINT IF EXISTS "ck_subscriber_reachable";
ALTER TABLE "subscriber_preference" DROP CONSTRAINT IF EXISTS "ck_preference_frequency";
ALTER TABLE "publication" DROP CONSTRAINT IF EXISTS "ck_publication_priority";
ALTER TABLE "publication" DROP CONSTRAINT IF EXISTS "ck_publication_status";
ALTER TABLE "publication" DROP CONSTRAINT IF EXISTS "ck_publication_title";
ALTER TABLE "template" DROP CONSTRAINT IF EXISTS "ck_template_version";
ALTER TABLE "template" DROP CONSTRAINT IF EXISTS "ck_template_channel_type";
ALTER TABLE "template_version" DROP CONSTRAINT IF EXISTS "ck_template_version_version";
ALTER TABLE "delivery" DROP CONSTRAINT IF EXISTS "ck_delivery_status";
ALTER TABLE "delivery" DROP CONSTRAINT IF EXISTS "ck_delivery_attempts";
ALTER TABLE "engagement_event" DROP CONSTRAINT IF EXISTS "ck_event_type";
ALTER TABLE "experiment" DROP CONSTRAINT IF EXISTS "ck_experiment_status";
ALTER TABLE "experiment" DROP CONSTRAINT IF EXISTS "ck_experiment_metric";
ALTER TABLE "variant" DROP CONSTRAINT IF EXISTS "ck_variant_weight";
ALTER TABLE "alert" DROP CONSTRAINT IF EXISTS "ck_alert_status";
DROP INDEX IF EXISTS "idx_preference_subscriber";
DROP INDEX IF EXISTS "idx_subscriber_active";
DROP INDEX IF EXISTS "idx_delivery_due";
DROP INDEX IF EXISTS "idx_delivery_channel_status";
DROP INDEX IF EXISTS "idx_delivery_subscriber";
DROP INDEX IF EXISTS "idx_alert_status_d94a5f";
DROP INDEX IF EXISTS "idx_engagement__deliver_3c3f78";
DROP INDEX IF EXISTS "idx_engagement__publica_9dc4b9";
DROP INDEX IF EXISTS "idx_delivery_provide_7420c7";
DROP INDEX IF EXISTS "idx_delivery_status_bb1bd8";
DROP INDEX IF EXISTS "idx_delivery_publica_74c23d";
DROP INDEX IF EXISTS "idx_publication_status_06dba8";
DROP INDEX IF EXISTS "idx_subscriber__topic_i_925f6a";
DROP INDEX IF EXISTS "idx_audit_log_occurre_73e282";
DROP INDEX IF EXISTS "idx_audit_log_target__2d010d";
"""


MODELS_STATE = (
    "eJztXWuTm7ia/isq75ekqpNN+pLO6dnaKttNJj5x215fkjMnniIY1LZOY8GA6I73bP77Sm"
    "AwF4HBtwZaX2bSoFeG5xXSe3n06t+NpaFB3X7bdDREusZcwsRaNW7AvxtYWUL6D36DM9BQ"
    "THNzm10gykx3JRTWVNaNudtsZhNLUQm9ca/oNqSXNGirFjIJMjBr3jRNiLU3BtZXwIKqYW"
    "nAuAfwEVorYBOFwDfqQsFzhOeA9kOFzsC9YQFFWyJsAwVrAGEVaRATKv6I4JP9lv2wZqj0"
    "l6nUEX/DwegvB8rEmEOygBb9pe9/0ssIa/AntNmf3yksFr0rk5UJPZTcP5HWoC2/NwxVdS"
    "wLarJCGn8yWfNBvkdQ1yI6oK3pLfe61xG91kLzDiaf3LbsdWeyaujOEm/amyuyMHAggDBh"
    "V+cQQ4u+MfsFYjlMIdjR9bXyfB15b7Zp4r1SSEaD94qjM7Uyae8BNtcastzrj+WRNJblRk"
    "LlvkRIQ+tLqoHZcKGParsAzNkjvPnb+fnFxfX5u4sPH68ur6+vPr77SNu6z5u8df3Le5gN"
    "Wl5XLmad3zu9MXsgg45Jb7SyC79cGYUonpSruQ36dEQYluz+ldBCe6FYfB1EpWK6oC8Z14"
    "WPfJYy/AsbbWy+qQB6e2UTuGwcSyVL5aesQzwnC/rn+bt3GXB/bQ7bn5vDV7TV6yjovfWt"
    "c+8ewz+CN3uoYlivJU6H8zGHfQTj97kwfp+B8fskxrFZKS/QMbEaon2VB+yrdKyv0qDmze"
    "FbgeZO5HWA+cNlDpg/XKbCzG5FYdYgUZBniURB/vuo3+ODHBKJQawhlYD/AzqyE2vmwebp"
    "/7p3sDtvgZmDdEINjbfsZ//7WDN3BuAMItbz0rb/0sNAv7pr/iOug3a333IhM2wyt9xe3A"
    "5aMYVYkIJhFx34UamdRv7aQnkpAz9sQiaAvqUwEbSEfLBjovGPYC371v9HFWcdCypan5r9"
    "63GRAf64cyeNxs27QeRLuG2OJXbn3L26il199SGmqKAT8K0z/gzYn+Cf/Z4U/2CCduN/Nt"
    "gzKQ4xZGw8yYoWMrL9qz5qcTOJGpi8ryvVLwiLbPcOKvBpef7B+fvL68uPFx8uA7cguJLl"
    "DXiWP3O67h/SDf8kvJ8MC6I5/gJXLsod+kgKVnkG0dp3HljMezQVvXoI//KHkH9184iW8h"
    "S4qpGRRQGgrw2JCwF9ANCbdLsNF+iZoj48KZYmRxBnd4xzI3YlaJu8tTxfxq8oWJm78LD3"
    "YE+dwJ4T1IgoJj2gYUaabQ9oABNaNl3XDQvY0HpEKgRkoRCwMOgTA2I8QGz/Bn6wh/kBEL"
    "2ygODv38bgh+3MfnCCF/v3tz1QUSj28FICD3tNLGcZIQWVLktkpyU7KilW7Cqt2I6p7aj1"
    "qKTQelm07mMUUvv66TdaLxo4PGzI8Hmn0eMHCzVkm7qyKhyejcudMEBb4dAsXCpILwJzIF"
    "A/T/7iPA/AtFUqwO69WNDE0FOGsYSdZcLfiIZO1rInHMosFQatggO60by96/RuvOzaFEu3"
    "nXF/eAOghqgPMcVD6WtH+ibRK16qDdJr/pXQ7xWNon/IE0SPLxOhGPqHuKqQLbO8wyNHXy"
    "2DqkLBKTZyWC6mqxkVPJay/In/tKHFVr/fjSzUrU4sAdeb3LUkir0LPW2ESCgvl/DO073I"
    "kN/uJqAhpg8NOQHh1lr805ch1JWUzFFa2rtaM1aa+x4NJJmmZTxS69J0ZjpSXUT2hG2w6a"
    "mmoAmsCgwwHVpk3w+R9VEjfI4Z86LmAsaQG/Hyb51lxbvUUKOt0a6egd/YULUgATYkhIJh"
    "A52ubgBh8IO+9z2a//htHaQ6Aw9w5fFp3AtvZlBh8IHJsEsvW5DeN0kiAHb4n5hilwqk2E"
    "BF5oKOLPiTuL15PyNvrv4Ar2wIgWZQQxa/Va2VSYzXwDaAAlh0Z6bY9KazNKdYM6ANsEEA"
    "XfofWAxuKUJvIvQmgjAi9Ca0LkJvNQy9pZPHtscqqsAga0h3zU73BrgxrCkedZvtLzfA1q"
    "mNNsW3nVG7P7y9ARqyGZ94ir9Jrc/9Pm3xBGcLw6BthqPRDbBsuxzxCs9QSiosnR+1kRD0"
    "qMiMdwh6VMLSTGpmTK/yNcMVrkOINWvxkf4xztZCsPZ0+73f/eZx1cS0QBTicFzTfLPYRv"
    "qEMddN8LBQzLU97nyVboAnPcWD5mQk0enLVBwbau581mx1JW9CY8+nlWPW8iCWqY1i8zjh"
    "GZ9IXFB8HsU/D4aMrKMlIrIJLZlOOwbmOKWfdENJUUNqDzF13LMuaqWQ2/6EflBgMJTanV"
    "FnvYIE1rF7MxrxHkrNbjr+M8eyOWtEajyAJyo4f358YAPxzFKwVoxGGRYRkG6lUbpwcSaN"
    "ojTKlt9PtdDNS6EMj6rCFMpQYsKC99CCFMk9I+4jZ8bedwatQdBleZyzw2Yo6AtTq2j/dO"
    "Gt10+eTGFlcNozU5E3ZXan4NXYYP/Ny6oulDcrV3QmY05w306OE5Wj72qxgQi1oNU6YeOh"
    "aliuXh7gKgb6em4JNLdusRZe3yULy3Dmi7hoKCUUmZvazVG7eesaMnI8y/ArM0m1mV4anD"
    "xV6O5ZVqrKjrbbmq0aQoW+ChUGs5UX2GGpov80LPa3ggF1J6CFFR0gDbxiW8BVRrRm2aR1"
    "VAcwcoE7u75OMrUP3rtIHonkUUXWj4qmEUTy6CVqPU/y6Jm5riXKHh2F6eqvhQX3B8fE6g"
    "b1URJ1z5sGrTsnXiH0EWYO4fmO6bm1qJTIrx08v8YW1P81cLHyJiGZEw7+ybh9mvF/+OID"
    "uqEqaTsW+BhvJE6IMMSnAfhY+a8XmKCc9EaT1qg97LRYUtLBgaevTXGrP+m12eWZQScxdq"
    "Xdvxt0m50eu6gaS1OnCipLCpP9HMREntP3wru4jhz5A7gS5QyTV9BzSDqMvsaeEFlolvK0"
    "j9bjfQjNl03zO+1REmmaaqRpyvmtZMME6Tqx734bCc+VOVzSjiTWW02RUmwbzfFyf7iaQU"
    "d1+vaOuUmJO29lZoKi81uenJBsRkW2pof6GALLeGIFd8CrTT9ngBgmUs/AOg32+gYsaCvj"
    "nkB85uVvFhC7m3+IwQh0xLFmyfTQwXvnpIe+x1JibtfsH34G789YAum712QdT4smA+/dan"
    "xYXYnaxCWtTSwSUukKqmZqQiSkXqLW8ySkNrNxQun5okGRDk4YEELLJdQQ7bVoTKhzdyfd"
    "dij0NyDoY4pvm53uHzdAU5C+YttupC/szycIH9jfPekrqxSCWXH/csR//nIQJPLCcCxbpp"
    "qxeDs9Uj9YrnDad1tL/z/yHXK/wQ34H1/zvjv2yaVqBPK4qfn0AblMdqGNgtqI2Zz5GEtR"
    "oZ1Y2KVbug7MbA/5QYWgTcgJdDnohr2mnMCGRQSm2zcORD3ZPXcPRBmlFQM67x6CxKfLJe"
    "smx/EB8B37/dQU2vDHux3VEF96T1xDFXtqimx0Kedjm55SOW6M0jSp5WJ7L84JTW5un2VH"
    "JKMNt5cQ1zTWHtrUrQFLxyaePwNs6NY1Asqc4gleUa9PW+fAz4K0NzkD9IUcRecQ1A/Yr6"
    "Cml4uarniq5ccGUjhoG5HaVTw5TnXWlF3oWcfZ7LX9vGxTehzjXBBnIJz7EKf0ff7phzhV"
    "ka966g3+In+QPtarGUlOyx8UYKkc06Ty3ASOMRX4D+lmVOCqbDWg0pUszJZymS1iAnopE5"
    "BIYNZZ63kSmLbucOrPpRvPfvvaOSdHOdK3/Lu8qr2LLvxkCZiz/JOImPBRcvkoglNdYl6n"
    "KOly/JIurq+zW0GXcKYipZxL4EkdqJiLV5qL49UFNbvSvbqgPJjw6oRXJ7y6ktr3wqt7iV"
    "rP49WJIvvH9Dp0Y27IjlWoEE1Ypg5VjxMw58Q5E+gE0qaFloq1YjjyTn1PhzsheEIf7z/e"
    "K9cX8OOxXL2jVzdwy0HvhDpH9JS4n787f39+WVXc7w2D8Fh16WGMjYSIYBQ/ZQDSt7QKn1"
    "EcE6sB8CdYMNegFa7eFper38J5FEqMbahI0WUd4YdC9a/icqICVvask7MC1k5x00j54J2D"
    "pvmJqiX7SnJVChDnvT5fqYAxZAxUN0aZpI34984ymSPhVlvZt+MFBEiDmCCyAsY9UIAv/x"
    "tAxAbuaaGsgojNzgz1n+ArtBjBl50NStyyzsCMajrCxD3Cb0zxA4SmDSx3JWNnnrLaQewk"
    "UvC4lkMEPCk28E98dhukVxLwDQ+foO0O5Hj9ABFYFYHVUkxNFQ2xicDqS9R6+QOrz63X43"
    "uKkWWNi/P2kgrxPsqMfd3OM3UsixVIXNs2BYwNjuTptuO+L7XlsYH3UbEQe89CXn1EqBwu"
    "Pfu9Srv0ES9UcQduIdM6IiOOq9u669zDKwlw8R3RIaezWgjn3bkbGVoRKtGQGj/DTnuc78"
    "w6dYF0zYKcObxIYKV+eEcnZG+12jP6FIsklMc6qUYIyoctIxIVQnZ7QCpsgxyW//Y9EvTy"
    "f0ZEb54zelPcVH0WE7X0CIfTT46lcry3jHPBA4ky+2qlTWWLAGT62K5mKCpPADJYrorVu4"
    "pKiQlsu/MRXrNP536UDeS8/kdsgJWpdFA4y8sxFmNJ4HRDMZZDPOoeie/h84LY79oLNlsX"
    "q/0tjESR4hMrrEjxvXit50nxEUT0gicUrgVq4bzE+Im5knwXGUm+Cw4d1Fkycn4hD3EjUg"
    "PK7akdxJmhFULbby+gLgy1aSHDQmTn8wDC8ieEHxvWUtELKqHR6w/vml0KvSs9xZ87v3++"
    "AQs0X0xxe9gZd9rsLpUg1Fz2en/2FHUFD+/ULOWeFNXN7bD5aXwDXNkp7vTkofS1I327AQ"
    "jLFnxE8GmKm4PBsP+Vnc/psw+neNT+LN1OuuyirS6g5ujs6mDS6nZGnzu932/A2g2hSgyu"
    "s9bry6z1p2bH7eBeQa50u9lrS+4VlaFKr5VjLIQcqoIGXlRSnP9YHnsuacbbzmyJyG6GfF"
    "xWaLrMmvZnsR0UHRMVei6znoOlZveZW2i6Epr27YVdIm9RUaHnMuuZWYqOBeW0at4Zm6AT"
    "knXYJXpqtzVY/marYvnEpKCgMyYpEXTsL4yCRz5FZASoSVDdImXFMA2LCEi3Zr69IZjEt3"
    "Dee0DfQkWmUqOdyGexvHfkc41kvekTgN6k222kzbgC4FwAJ1aaHCgHhQz3xDeomVhPbMPz"
    "YgqqeTjjVA49QgvtW+v11utnVcH0WS7aOHyErPleGEl4rszhknYkPcJK0rbyQfXTpANqeQ"
    "C8go7qBFUhulRo8dEh78hjH88+hmOD/mc7qk2/o3rMi7+SjLLYqYyHKKm887GMlSqmHLxl"
    "vIxyomxLtJhyuFRyvIxystDyQYopc+JOqeV3Cmt7j8MiK6Xv0HsW1Hj0sMmddR4637OA1j"
    "MZo4EhwqGLho2UdK6oFm51XKJoEqh1tpq2DNNIMfxJZIUwoi5xuaTsNrOtESu2toS2TcFg"
    "PRQjmbbQ/KXwTP92fn5xcX3+7uLDx6vL6+urj+8Cxzt5K8sDb3V+Z074WTg8J9io+yiomr"
    "xEwUZ9iVrPw0alc/LSNAjE6spdEBOqT+elckRFfe88RWgsqCITcQsOZJ0qGxKqIRP4WCW+"
    "K8jHMyHWGHDFcG8MpN6tR6Dz5Kf4fybShLHi6G87LvfOb2H7LeiVsfsnmeJbqdv5Kg2ZwN"
    "qq5HHtbqWm20Bh/U0Gg6E0GrlkvvV55+7vfOkMBu7FB2SaZWHjrU1SzlgYLRVdT0+UheRO"
    "t5/x3XFNzIvz6w+BUcn+yDIjR3fNbjeZIIsb+gXNBo64IFGUx1RIWoi6YhMZWhYvZZdOoI"
    "hKCfJEcfKEC568QDYxeLta0ktzJQRFea5s5exSnosT2Chg1qWI1+Ezidl3V3kWdNoq3bq7"
    "4pwlgndZeUJiYsUp84oT2KE7KDkuKzRdZk1HY/Q56VZRIVFrhENiSwbtc2KbFBT48opRBc"
    "cGF4M3ISfogin1aIvWPo0KCVi3Fz+NlpvZlym433nO5VhSt1dBTcyO/EJEnCXuABjvkfKv"
    "CL7RlX07tpvp9ADwjiKdVWuuyAtwYv3JQXZdz6wHQPjrpqd6whtdhPagvAoqZxbsR63/G4"
    "eNw9HhIJtO1YFBYxkGrbceTPUjtNT8AMgGqmEiqIF7y1i65zz5DCB2QJQJrTeh9oD5tcB2"
    "GdMAQyqFDfAvA+G38YzMEX9mN2qRobonNmgBgcj/fZ+jxYa4IBCVk0DkApjAP1/G1Zctc4"
    "q7sU6V/hFkSldT3B9IvRtgmBBPcbvbYeesqHRQP0xxqz/ptaUbMDMc+sb0bv9u0G12WOZV"
    "NVg1S8TSr5PeaNIatYedFm3q4GCBLkfyNPw9JjSbHYiLidaQH1SnQByy5aWiLhDmfMEtw9"
    "ChglOm0IhgTMszKnksxQZXTqvZVr/fjSi11Ynn8iZ3LYl+Z642aSNEIvNnyJqARGGTaZHc"
    "XlimHGm9yh+kG+NoQbRbqZeYaA3nu4ryIfOwYGNmZn4LMiZYp2D5SaxJkbIQKYuKgpsRWw"
    "9vz9kzZlbDTctnsahZbA7dHvYVqYvTpC5EeP1I4fX0EPAxI5tN26YaW6YENUN3z7LimUq0"
    "3YFPMoOR/fShAbjXcWYiBniqGKA3OnarlRkVFQ5UlRyozXdbzLpMyAnbvXS2e93RfS6+UR"
    "1xzXCKokv7ntZkLevuxM3JxOS43WR/DrJGVeHNYGuUzB2qKsLZ/tAzn9sXmkJ4HI/IBJNB"
    "74i2O2YtlkIuz0vxd8ThfMKPEeVQhNb3Kofi/j+h7/Ttm377MrOV8uv1+KVPlpA+gspHeD"
    "s3bCN9wmocjNEls14bxWBvMEKYPKSD2mOFuX2sqWHryy4/bNP3s5O8Klgr5QBnlw0nvZ5b"
    "FcVyMHarorgEPWnsHijGCHrUTC3xKWMUd2vH06cikmKDbHkWJk5clUK4i47DckLDZdaw4L"
    "2IbY8lD+Pk5Q7k2dm0SR/vub0pmq+uCfK8WO6eONUvjnvU7V8+XJyQYAjJ9HhgKAB/XG6E"
    "+3B7sSJEiHDPEKEIG2z8m1xhg/cZYYP3ybDBE12MFxzTN3XgbgROZwq9L/XgDe3OQ0QvNF"
    "oDgfpVJbvINVovMkbrBafkrLNcKjzOb3qRxJBIHUDOcsuOUSFxZmiF4PbbC6yLY41s+Qlh"
    "zMt9b9sfuJET2wMLbA8UlDpBTiqR13W2GzkpT0zgGQ74K+dsnh0PEKGTTKiOunXCPZCOt2"
    "vCP6kuY8NE0OS4BzVtEnEhAkqxWikiIrBnRKCCqdSDHTuRPGaCf7TEoDkcd5rd7h+yf8iE"
    "qVgEKbq+kv3jJqLHT+yScD2/zENjuExnMVzG/TtBCEuHvprUoDyEsHtk2UTepyI1vweRlC"
    "1zUjbgf+zytcdkhaZLren13Dzj1/5IL0IelxNlESpQ06PyxmdGCGMzIg8QwhjQN1GRqeSJ"
    "z5VsEOcNYCS+4ANs1s/JM/FPQj8Ny6Ss5z3vzzHZz6eHFlIXDZ5T7905y/TqN23Enp8qza"
    "BnGe47NdBt7gebniUNidQwrX9+dZXHjb66yji+6SpxIiP9qAogvG5eQ3SPQpqgv0i4aYz0"
    "opIhkdPXlHweP+Vg1SMTBtkpN7P++n+WUXKy"
)
