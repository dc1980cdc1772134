from tortoise import BaseDBAsyncClient

RUN_IN_TRANSACTION = True


async def upgrade(db: BaseDBAsyncClient) -> str:
    return """
        CREATE TABLE IF NOT EXISTS "channel_minute" (
    "id" BIGSERIAL NOT NULL PRIMARY KEY,
    "channel_id" INT NOT NULL,
    "minute" TIMESTAMPTZ NOT NULL,
    "sent" INT NOT NULL,
    "failed" INT NOT NULL,
    "errors" JSONB NOT NULL,
    "latency" JSONB NOT NULL,
    "latency_count" INT NOT NULL,
    "latency_sum_ms" DOUBLE PRECISION NOT NULL,
    "deferred_breaker" INT NOT NULL,
    "deferred_rate_limit" INT NOT NULL,
    "rate_limit_pauses" INT NOT NULL,
    "breaker_opened" INT NOT NULL,
    "breaker_closed" INT NOT NULL,
    CONSTRAINT "uid_channel_min_channel_e4b3fd" UNIQUE ("channel_id", "minute")
);
COMMENT ON TABLE "channel_minute" IS 'Per channel and minute: what its sends came to (the channel monitor''s rollup).';
        CREATE TABLE IF NOT EXISTS "delivery_attempt" (
    "id" BIGSERIAL NOT NULL PRIMARY KEY,
    "attempt" SMALLINT NOT NULL,
    "kind" VARCHAR(16) NOT NULL,
    "at" TIMESTAMPTZ NOT NULL,
    "last_at" TIMESTAMPTZ,
    "times" INT NOT NULL,
    "wait_ms" DOUBLE PRECISION,
    "destination" VARCHAR(300),
    "status_code" SMALLINT,
    "latency_ms" DOUBLE PRECISION,
    "outcome" VARCHAR(16),
    "error_class" VARCHAR(32),
    "error" TEXT,
    "provider_message_id" VARCHAR(256),
    "fold_key" VARCHAR(80) UNIQUE,
    "delivery_id" BIGINT NOT NULL REFERENCES "delivery" ("id") ON DELETE CASCADE
);
CREATE INDEX IF NOT EXISTS "idx_delivery_at_deliver_c20e97" ON "delivery_attempt" ("delivery_id", "at");
COMMENT ON COLUMN "delivery_attempt"."attempt" IS 'the delivery''s attempt number';
COMMENT ON COLUMN "delivery_attempt"."kind" IS 'ATTEMPT: attempt\nCIRCUIT_OPEN: circuit_open\nRATE_LIMITED: rate_limited';
COMMENT ON COLUMN "delivery_attempt"."at" IS 'when the request started (a wait: first seen)';
COMMENT ON COLUMN "delivery_attempt"."last_at" IS 'a wait: last seen';
COMMENT ON COLUMN "delivery_attempt"."times" IS 'a wait: how often it was seen';
COMMENT ON COLUMN "delivery_attempt"."wait_ms" IS 'rate-limit wait before the request; a wait: the longest wait asked';
COMMENT ON COLUMN "delivery_attempt"."outcome" IS 'sent, retry, failed or dead';
COMMENT ON TABLE "delivery_attempt" IS 'One entry of a delivery''s timeline, written in the transaction that records the';
        ALTER TABLE "channel" ADD "status_by" VARCHAR(200);
        ALTER TABLE "channel" ADD "status_since" TIMESTAMPTZ;
        ALTER TABLE "delivery" ADD "error_class" VARCHAR(32);
        COMMENT ON COLUMN channel."status_since" IS 'when the status last changed and who changed it (a principal''s name, or `system`';
COMMENT ON COLUMN delivery."error_class" IS 'the class of the latest failure (`http_5xx`, `timeout`, …; domain.deliveries.stats),';
        CREATE INDEX IF NOT EXISTS "idx_delivery_recipie_1fd6c3" ON "delivery" ("recipient");"""


async def downgrade(db: BaseDBAsyncClient) -> str:
    return """
        DROP INDEX IF EXISTS "idx_delivery_recipie_1fd6c3";
        ALTER TABLE "channel" DROP COLUMN "status_by";
        ALTER TABLE "channel" DROP COLUMN "status_since";
        ALTER TABLE "delivery" DROP COLUMN "error_class";
        DROP TABLE IF EXISTS "delivery_attempt";
        DROP TABLE IF EXISTS "channel_minute";"""


MODELS_STATE = (
    "eJztfXtz4ziS51dB6P4o+07lqbK7HuvamwjZVnVpW36sJFdvb2uChkhI4pgC1ARpt2avv/"
    "shAZLiUyL1pFSMmJguU0iQzASBfP7yf2oTZhCLnzVcw3TabNSkjj2rXaL/qVE8IeIf6QPq"
    "qIan0/nPcMHBA0tSYBiqWWwkhw24Y2PdET8MscWJuGQQrtvm1DEZheGN6ZRQ4y2j1gzZRG"
    "e2gdgQkRdizxB3sEPe6mNMRyYdITGPIKqjIbMRNiYm5QhTA5lUNw1CHUH+YpJXfgY3Npgu"
    "7iyotngPl5p/uERz2Ig4Y2KLO/3+D3HZpAb5k3D483fBFlv8qjmzKVFckn+aRk2M/L3GdN"
    "21bWJo2Kn9A2inz9rQJJYRkYEYLX6S19VE4tqVOWpR56scC6870HRmuRM6Hz+dOWNGAwKT"
    "OnB1RCixxRvDHRzbBYFQ17I84fkyUm82H6JeKURjkCF2LRArUKsHmF+radrdfU/rNnuaVk"
    "uI3KcISci7pDMKy0U8KpcMGMEjvP238/OLi0/n7y4+fv7w06dPHz6/+yzGyudN/vTpL/Uw"
    "c26pqSTPWj+37nrwQEysSbVa4cJfkgY7WFFJyc25L1YEszX5V0IK12Nsp8sgShWThXjJuC"
    "x8zi8Shn9hLo35NxWwns+4Qya1bYlkgv/ULEJHzlj8ef7u3QJ2f290rr81Oidi1GmU6Xfe"
    "T+fqN+B/hN/wUMV47VHsjs/bXPYRHr/PxeP3C3j8Psnj2K6Ul9ExsiPk9oc8zP6QzesPWa"
    "xO28OXMjp1Iz8GNn/8KQebP/6UyWb4KcpmgzjYVJpIlMn/0b2/S2dyiCTGYsPUHfT/kGXy"
    "xJm5sX3634culfsWGrim5QhF4wxu+/dt7dwLGA4sgpknnP9hhRl9ctv4r7gMrtv3V5JljD"
    "sjW84iJ7iKCcQmghm86MKPUq208j0N5UdZ+GEVMsHoG8Emx5yQdGbHSOMfgUd75v/jEHcd"
    "m2DjXqj93rpYwPxe67bZ7TVuHyJfwk2j14RfzuXVWezqyceYoIJJ0K+t3jcEf6L/vr9rxj"
    "+YYFzvv2vwTNh1mEbZq4aNkJLtX/W5FleThIKZ9nVl2gVhkuXWwQF8Wso+OH//06efPl98"
    "/CkwC4Iri6wBpfmD0TV8zlb8k+z9ymxijugvZCa53BKPhKmephB5tvODDdbjFFuHx+G//C"
    "XkX50/oo1fA1M1srIEA8RrE0eyQDwAuntst2uS0QOsP79i29AiHIdf2DmLXQnGJn+anE/i"
    "VzDFI8keeA946gTvU5waEcFkOzSmkWHLHRpoSmwuznVmI07sF1MnyBljB42ZeGLksGdC+R"
    "f0BA/zhExxZUzQf/zaQ0/cHTylOC/Wn2+5o6KQ7+FHcTystbHUF7gUdHEsOSsd2VHK6sQ+"
    "pBPbnRorSj1KWUm9LFL3eRQSu/f0c6kXdRxu1mW43210+85Cw+RTC88Ku2fjdDt00B6wa5"
    "ZMsGkVYXNAcHyW/MV5HgaLUZkMlr/FnCbMyljGTepOEvZG1HXi0e5wKUMojNgFF3StcXPb"
    "urtU0bU+bd60evedS0QMU9gQfdppfm81f22KKyrURsQ1/0rofkW96B/zONHjx0TIh/4xLi"
    "qTaxB3eEmR1xUTosA0Q0cO08VkNRCE2xKWv/Hv1rV4dX/fjhzUV61YAO7u8faqKXgvWS8G"
    "mU4kLhdypEtDR3vBlik0oaFDUmzzxWpU+gwbUKd2s1F5zy9MPO4SAwkLUFiEAzJkNhiEwv"
    "CbsAmEqLH42yZDlxMjYUxGpziRZqKJnafTXNN9EQaogwazPhXfppgpMKB7alqIlA9myCBy"
    "hWPp3T4RhvXfZOzcdGZn01kddZpiB2iifk1R9WtS9PnXVMk1QKX4J/xK2f6PkMdJpk4IVt"
    "kmSQllXHnkX3/pEAtnxDyzEjZKsYTXdjxFXaDTqc1ehF00dQeWqUuOrMm2h/lMR8q0ilcF"
    "FphFbGfdDxHmOCL+bNNbKxRdSkmqr9b/qb7IU6uHBi31094x+pYT3RYnmjjVHMEMjiyhly"
    "GToifx3kNz9PTFc6/W0TOZqfNNXng7IBjYhx47bS5PyGcydRKn7eZv0acyiQ1zJM7dsVhZ"
    "5E9HzqZuo82vPqETTggymDDB6Jluz6YOO0WcIYzALznAXPzoTqZ9ajDCEWUOEkrrM3iPJ5"
    "XTuHIaV+7DymlcSb1yGh+h0zg77XG5l+0Qch9rzdtGq32JpPe1T7vtxvUvl4hbQkfr05tW"
    "9/q+c3OJDJNDJnyf/tq8+nZ/L0a8ksGYMTGm0+1eIpvzcnjalKKUFFh2Zt+cokrsi+x4m0"
    "jsS2iaScn0xNV0yaQSH0NwYNHh0/yv3mIpBGdP+/7uZ394XDQxKTjYcVNM03y72Jx6h9GC"
    "udu7ULTgutf63rxEirpPHxqP3abYvqYYPJJyP2tctZtqQ4PnSzg997NrKRZrQkfhadUMCz"
    "6ROGH1eaz6eWjc9FZ/EcU5Tns4AYLXMaEy/Uu9ArIwd5AsbYN4ATXQ65gFf5sOOsEoSG57"
    "wxEwrw5RgCdVRPSUcGhs+gZ9Kmc0CHhF7FnwCct7eN6c07rntfB/864jjmccSSkhOYu6/+"
    "wIgwkpK3swK2IfRIiOYT/ZgZUAzNAsc2I62pTYmtBcGE3xa321GM7YyTNniElgCFMcngwW"
    "sPzm/lGcyeih07xudVueEhp8RvLHaLi302y0s/k/cG2eomZmuhTTSKuE92RIfWCLPbNYDU"
    "GYpGLp0hoCya6UTaNoDcGVP89hcTdv/UB4VRWuHwjFNm0yJDYRnFwzaNd1B/C+A2I/BFOW"
    "x7+z2SCnp3ytnXFw4ylxx8onocNNxQDxjpTwNXnlRTM7iSmPhXFrRonzpivcYjrrMfj/vL"
    "VYhXIWyuUZX7CZyrfT4uVN0Xe1YVUSIxjlmVGKq8yWcnkmsxjTvU05kJw3wiP2fnXGNnNH"
    "4zhpKBwf2dSvG93rxo3UALV4hPevhQkC8325lpIjEPq1vihNgEfHLc0U6BAsXkUQQ3KbdK"
    "qDrfk3SJebiX8h8qdDbIotZBroBIBjdCjPkuao8qgjSOySx9Jpsr5r47NXgfsqcH8g58eB"
    "hnCrwP2PKPU8gfs9V8iUKHK/lfoY/ywsiCoSIzs2Vm/F/bnfFJRjr6TDjniEgeukGd3ZeQ"
    "1Rqiq3YXHYcIXcBjhQ/8VoMVC0EM0OF/9j73o363/zkEUW03FWnWM6j+cUO+Qwobth8LZy"
    "D9IZfNTJIY933cer7nWndQUJIS4NLH2jT6/uH++u4fKAiU0Mrlzf3z60G607uKizydQSAi"
    "pL+gjcjlBHG4FzcBXTMYX+YBIZNpJWUm7LIWkw+hJ7NZ2xYePXdaQen6OSfJkl/4drEkcb"
    "M9fmmth87bSMykyRpxJnyfsoZR0RaKow5xvt59M0AYLsMiVC0gK4+eRBUtM9KmkUlIaBTW"
    "um6XialEN3gi0r00MdISxxtoIw7NBEcMGru8d0hiaEczwiHMDfgow3+LdUhZGBZ+jkTlgd"
    "4nYMiTc8TcQVNjRnurP84vzTx8BPDn8scpF3bxvtdjL7xI8hMdtIw3JYkN4fJyyHJQz3K2"
    "oJ+++CTIPXlbxUEoNNDDQ0vdyliFxzUezBjl4J8aDK2DiMjI1ynkGL2USE5bNu9X6TjsSO"
    "CTgoTZjtSDmFOTdHdLI+uxrBRMf67SlPg9Lv1uSVnOmbmOhYeeWf01Xm1IoMdNjU1DU8HJ"
    "rUdNbe7nswW0NNdlRZetuEJEnVKxbmHkX1jzxZSNo0SrI0IemeEmSzV6m7n8znqSO5YOpB"
    "5cwlGotRbOgQik6kYYrkxiWzh4SCr3BFnDFJKJkbv0N/7ou13wjFFbBJnuZMe8pMXfo9lq"
    "4lH0CquF522T9iyU2/e5+NivVGE9WGsr8E1WdVt62SdtuqkqWyBXSYaTNVstSPKPU8yVLz"
    "3Tgh9HyRysgEOwxWmpMJMUwxa1FvT+v2tnnTEqy/RMEcfXrTaLV/u0TSWwlwHM1f4M9XQp"
    "7h77vmd8C+pdCusiSxyeiZmi9bOEq0kjO2dJ/mhsvxQhphIdYm6CrupuIHz7XCnIwNk1Q8"
    "XV7tGNXU1yx5jFZzHBij8xY+Jj7d1EKZ5DreAH97/jxHytrwx7ucq6FapTX5GkIqPVLORo"
    "/ydN5mB3+26a1RazrFPRMs9mx/TPBdLfW/ZDO0Kr2qSq8O5GM/ULuy8ib8iFLP403glpsC"
    "ErkAE8kbf3SYqVvpGF/+cqDDLrcKP1mCzdlggTGyIyi+2gVSYJWqtLN0iSp2nZ9Zf7jYEq"
    "+nTZll6muz7D/VbA8w2TGleFXQMqWHlpGm9GrAMmGvTQasTGCobwhURmGrpTgNAtC1bKdB"
    "gO+WL2nDAriWEwWDarERqyNxlEO+RB0NGXMgwYITsQLgv0w3sYUskz7zU8SFokVkczUigV"
    "JD7qpE3samb9Knst04F6zWHY5M5wvCKCQQNMEzJETyLH7iiL3SCoWmcoUc0uF8oEZx5Qr5"
    "EaWexxVStY/ZpqkOZ6rm2oVgfsI0R4m/nZPPCxmd4PTUNifYngEfWUpIOZvdCcIdOkb+13"
    "v86YJ83pZ/ZOvYERKlfCWup5Duku/n787fn/90qHxXqnkR39+conL7FW8QIi0grehJGSM7"
    "Asbv4MD0mFYYGy9Od3wH51ZA8pRRr0mjPsnu7LLqOF05qqoPHl9spWBDBJx53WK5w/tKcr"
    "nLq07m+yuL6xGAy5Ke12Sulf9bfWG6VXjUUudpb0yQaRDqmM4MsSHCyKf/Ir2Osg82VLNz"
    "6IbtP8F3YnPYTDhD0oUZcVsmfKdbuEefPhMy5ciWJxl08wZkJtnd6sWjMx30ijkSjLLZCz"
    "HkgOxaOF/x8FPw5EKuSz/7BDuJWrjKxVq5WEuxSR2os61ysf6IUi+/i3Xfct2+zZg44FYo"
    "D4zPUWbeH1nPbk8fWVFwc+odOljGzsQqaGfWvvVuhcyAsk/B73QplcTl4gPb8BL9kye10P"
    "2IS3dtG3BDPaW0gG6YQrm7Srn3pVYU5+x9wbYJ71nIHRMhKocvZhWEu1L5YiLuAywXbiFL"
    "KEJTYkDJna70BQWhil9JBhcvVgx5Cw6Lw3mL6iJLK5LZ1hG6aqd13cvXA1Mfm5Zhk5Q9vF"
    "C+7dHxO7ohq9Nq3aTkqAuoPMrkhpkFB9Ha0IDf1SylWVA15ZPjCh/Xe8c3PMDFhcdX3jpM"
    "GTjgUNhjWXK3rL8iF3hnQ4t2uZM2rN5ttjz294gj2L9N5cfcpx+zuBWwF+2/9BwOh2RdW0"
    "/xY2Qnd8wpyuy1KG16R2VxldDiquIj2RvOYXrK88RHAh2iGPRSlKo6VZYb22FFanfmdtmY"
    "nBseKLrAyoRiE05HSdHgY9kq2dp7LNlhq7g2v4fbxsF9+VjzExIqzb3KQNj7vnDEJ2yVgX"
    "BsUs+TgeCYjlWwUa1HcBQWZSyROlcOwsWCHISLlLx1dwJVRIXM9jnJEdQG7NpqHzCjELf9"
    "8RWrC7N6apvM9rBUVknRCNPvkP0UMkMKp2nc3XduG23Bekndp99aP3+7RGNzNO7T606r17"
    "qGXwWFI9TlBKjCnurwDq+Hs2HjoVNUNjedxtfeJZK0fdq60zrN763mr5fIpJpNXkzy2qeN"
    "h4fO/Xdo0+ynSfdp9/pb8+axDRe5PiaGa8HVh8erdqv7rXX38yXyzBAhxOA6jPYuw+ivjZ"
    "acYIhNSX3duLtuyis6cFVcK8daCBlUBRW8KGXVBrg8+lxSjefuYGI6qynycdpK0mWWtL+L"
    "rSDoGGkl5zLLOThqVt+5K0kfhKSxa5iA4wi9Dpm14qedMUcl+TJL3tcUV/G5RkkrOZdZzm"
    "AjuDZ8nJgXw+hNUh4DkMGuHRbKFhTiSQtwZjM/RlZxvjjng0ipPmZmKvpxdkpNGm05MmsO"
    "HlciVUQr5T2lU1di2p6YpmZa7nkOCfmEawnncPazrUhhgh0dvIIaPIRDRhk+8HRJpBKX+F"
    "SpAdaE/9DIf2h0Mpgh4IdCtlBN7QNICuwgaYK4MMcpEls340ANmfJxh+im5+/TUNbKG0Hq"
    "GUVf5LtfSugM791RWAQLPbIff8rhkf34U6ZHFn76K92DM5gVy2tLElZlZMl8aaGJj1nBLp"
    "gRmoqpSaZKrPJiPA2TVCxdmoGplmCSv4XzLx/EW+jmFB8RdFc9ln8Z+Vwj2ZfiCdDdY7td"
    "y9pxKwbnYnDipMnB5aCfwZr8DVonHCdvw/tiBlfz1OoKOqEX2Wu3erlR8xxtYxzyQtauP2"
    "3SER6RiZio+UIO8ezKx6k/p2I9TTbArmCiY11U+pjoz5rtrlsFfg3zdNyjKv8uVN0QOqMt"
    "YqdEQXxu3lPSY+L/lvO04U90JJ9osgAk1s97Ew2oVm7ofVCtp4K3jDedSsDBRltPhRtLxZ"
    "tOJdtSbaT1VEqwMBPWt7C012gzflDyDr1nQYlH25SvLPNQq60CUl9Y4OW9061J3XQI3eiA"
    "+qIiL/8tJ/OxS9F0H4gd4FwIRRYp2kv0CgC24LAD5HWOdPFQyGHoBJxu/vgJo6bD7Dcc2c"
    "yy3OnpWcIluNnp+7RPm1gfowF4GRE2DC4n0ZkrlpSC6GCUIHfKxaGBTmz2Ku7AbEe1MvMm"
    "hl5ngoR6eGV9+srsZ4D/oNDrDBkEGxbTn0+/IKgYAW8kRqABMQNxd8LBZzlh3JF3EneA37"
    "z3qntTiLfoU4sYI2KfoSdi28zmT2iCp4KYIvk30i3MObwzVo//BT3Bkqb6zB+JBq7+TASb"
    "4ONEbNinBpuIz+RsbiuceTwSD3nWbvSad9e/aVf3j3c3Xe22G5o8G0U4+mV4K2ctzI0rc/"
    "SjFO/92/n5xcWn83cXHz9/+OnTpw+f3wVepORPi9xJV62fwaNUD/ucc5T4RWSX048XJaqK"
    "qVO8o/P9s0gKz5zqCIvnjil9h6fi0GV+MP7w3X0q7w7kO1G1EgVYOSeomBlnptISimQCzC"
    "mq/IyNZwZ4ulgReYRIKoFsSyCa1GcL7DkJumrriW89PouEdaNNUragrxbDS7g7J42xdwi0"
    "W2Pw2bZYvIB/N/ePV+0meug0r1vdlrfSAwVH/giXxAXTB21ttGMcF88rdm8IyAkT8zmt11"
    "/mek4jrZZ0fEkHXAIGaJY5MYvsGRnUFZvjbJ7zR5til6cFLzOZnEpbsTiZqiM/c41NBROK"
    "JezECSvmZjFXtxhfiblzwoq5qRlR+4FNC7IgUhzq4QyJbF+6ER61XbS0ZPjBg2wQI3+Hcm"
    "641YD4CVIheC41IMB3oORPR1yGDHEn+Bkyf0zonTohnAtuwSzyB5vo5tQE50YxZLbKv7sz"
    "/24F4XZkYF4VhNuPKPUUr3QiBUls0ZMpU8Y0hKUTos+uQ0kh3QzSz3634O03lpufgAW4HS"
    "E6Qvg8waecrF7I6ySC3uGBWAnDCcL/BT2otYfm3Y1CnVL0ffqfj81HgJIS93YlYJU/gvsj"
    "xJWe/NPp05tmu/W92QECTwtNA6i6aTbkAAzzPT48dJrdrkTAcqdTsS1xeZ9fWg8P8uKzOZ"
    "3ClW/Ntvhz7C/svcNZWZiu3NPRp93hihi41nPR5XD12P7lEgFlnzbazY6Qc5AcWVQAn3Pw"
    "/3Mm+z8nSteUrZDyVXYn2LKy66tCdEdj916cf/oYqPfwxyKFvnvbaLdTPOkE83R0+8fH1k"
    "2GCz1EE2Om65rGGVDmYOkOa0h1C5sTNGaWlxzl7WKQDJVvUS9grAJnVVtIWMWSXIgyO27u"
    "FtSWU8gr2JXyaMhJw8jC3NFk0Dsp6mzUjyhVicuzNyLTbYB+SOZpY5M7LA0BeUmCQpiwHG"
    "Hxo2qkk+beK2DNZJAfw2cSM2s+5NFdxahso+ZDEpgX2nSugNA5J6tOnDKfOIH5tYKQ47SV"
    "pMstaS/i71LHtIrLOk59MNKWCj1k8XAHqdfAFhKnJVyeh57ecDQgY2wN0ckfrkkcofy7Nj"
    "+9RPKF0euYUFne8TqefYmbAJu/Q58+k6mD8NBRtRbSAEGYy38LI0TMFVI6jn7VYisTiTD7"
    "4E8hPb5Df/NgPxLeSOM6s9N6q2XnycXoVkyS29GWcCKrsyyCbSqxmIC9XHyypwp5CT5er4"
    "rk7atQHpEsszrB4r9sgkyOKBMfpyyeIvZpYjvY+Oy7Td1TkhwS7Lh2MWy9JGUF3ba64aOM"
    "S1lFV2Tfi5GVeM/zXW1cfBxDFDpEPRBZdPI0dpyp9uHPP5/q6Am0CuY64p999/zd+ccvKF"
    "ktCFEUflpPPaG3cqc+5QzNL8sTHEIW4vN3HCi51LEwzOEAxzZ07pADRjZzp6piU+VdLm73"
    "dJ5jj784z272dB7f46uyui2V1akz0EPqK8beVNoKhizJ5GQyWU4OJwmrRZzWvj2ejpe3ij"
    "BOVy3eJHMl6DB1inE2SlSxdSk0YawXcMyGKQyfF53twLaHvChvyd0xvUt0ih6xAR6vAfBy"
    "IPyNqk/LeTvfTjfA3m5kssPaK/IyOHH+5ECA9HbWDXD4+3ym42Rv9BDKwduoQrsBFt96wN"
    "vd0JTHyetUW2AN6E0/B8Rio6QcVsHebKgJj2i7riA4t4OXuGJZk7/AFlQ3hdbg8iInPw1K"
    "jl4KGXZPCRIys2fgLcK+e2f2hiPwDFkmFTSvNrSgpMhUcR4xI+VY5WE4Ywn6rzPbkBGbhD"
    "dqw/P3KXMdnU0IOkn6qTyQLjX8tC4xvSZioZhvAdmrdddtdnoS4Es6peCBvMm4BCPrELEY"
    "ObQ1sEmAB0awPj5Dv2JAJjvxCgURVGHWEaxvJGteiXEqiYbMMohxGQYT69MT/53ryJOMWA"
    "kTcXbX0bNY76fomcyUg+wJ6CHr/6mukL7ApT4W87Ch40XMZACtTyGCJpHPMIV3EAtMspfO"
    "kHKlKTQ1jAZiFvFE3g1hjHTATyUymnqqLDSxRGVbsL7UHo2rUrNMY2/PpWahDWCFROCye4"
    "tqqlVIsI9EP6r4BrT1LGH4htNjFsuT3n3aMlee1Bq9XvP2ARLdFaP79LrVuX5s9bT7h+bd"
    "JdJNW3dNR5ami0200Wtq7dZtqwelCnNYAFKSGoUV2nceWAFeTaZXyOwJdaAhsfokauYJRq"
    "/iIBO3MW24TAhNRHSPPztI5hAXXwYhssPJB/IFDg8v5f3jiRsEUgTJJBi/uzPw/YpSnauG"
    "piMu8QIS3rSzHx6oKNxUiKbcKTTwBG/lKSYZjwZkyIS2H9pivyBfJjLgzugI9l05GPPnvG"
    "ff1nGquLAoMkIFi5LLImQlTrJYMbHsIleN7MWCEtmLrApZwUYjJbdssR4eIz2iINhGqvI8"
    "kLoVse0OYL/ZRJbWJvYLzzlSZK8IkZR4n5A1G3WxdzvglFE12IgpsPhyWClHnw+36la98f"
    "ywwiWIVfXhGtWHVYHbHgvcfO9yEY6HaTbC5hLB0HzOo/Z9ztb6PieUvpiLPL//O0ZYZvdr"
    "CX3hC9Kjwsh/a8bkj7AZYz0WjI8tw/TMnf2CQHalcXQt8b8XREzDw+q5oqaB1eWTLA2dds"
    "XyEYojZDsJcx8a9IDxPw+1hVLlIeCmbjCPdg5m8pKMm7+1yItKCYsETzd+hz4Vc49GkKzP"
    "KHryX/4JnUzMkS1tfPT5VEYaVSwTicXCIs2R1E0QFX/CMPFAVEZPfx3PLpGB+XjAhLDFUz"
    "z9bSIUbFPnT3JgcDMQjbj2iqmjvCUyavsmaPzkPbXL+7L/0gwNySviRCxemBWmwujnzv3j"
    "A7r6DTHo0KSG+fNDdPfV6x81nx+By0b8LJ61J2sVJ8BAeCgHP4VfjPzhCnGrwHNwG5PK4C"
    "qneMrHTNgOA6IDzLEMD/epEhDUMy0LZQeiDB7sDHXgcVXM2ZrJl+lTk0LTKxUWhjlBYieq"
    "H5UHDHga63wVDFOjpO9JvLN8QsQgqtunbN4QC+Tv9ZMSowXHvoD3MK34g9gvpk7Owt8Hzx"
    "k0ruLDpYwPL0JvW+SSKnuockU9cPPmu9xVCmuAiqTS/dbT/fajnsRT4FJUk5QsuWy1hASD"
    "NRKMXqqRPIUy271Td56L/STPGJ1NTXGsDG02QeFECjhMIPQlTgGpT1ACaUMsoZJs/hZ9+k"
    "8mjhw4iw13SmT+EzohZ6MzyG7q3nWRZ+0j0zhFE/wMpYfIJlMLz+QEjjn0Hkhcp+wtm+bO"
    "aUqpBNDleTpH5I7pxPK7/EcqlneEtDr6Snn07asctGzepg2HfyUzUvWJ5UlQPm2ZNYuaB+"
    "P6W4DiOgugXX/TxD8aoV/AaMbid5UepdKirtut618ukS52m+c+ha6u181LmZ6pkz7t3n/t"
    "af5FzoaO5v9yfX/70G60AE9WZxOx5ZkAKvt413286l53WldNwFQJdqJyBC/C+2BiTSxOso"
    "mRHk7S1UY87oeWWmNybYKhTiXl279izCKYZpxpEcKYlAeCcluCDa7sVrJX9/ftiFCvWvFg"
    "yePtVVN8Z6fRqGxyp3XtlBrE7GiVN/wYIiS7jlXN1dEilnKU6thCJltB7p8QB4PClmTzAv"
    "idEE05gEiPqj+nTXQidJlVjvAY6REe4QfauCRPu5q9BjBLdt7s0mAtD+RLOYVQIb6Ulbml"
    "i72XjMcbDb1nbBQbYHAx4JcD5fEquC8VNsmWsEn2E6f5CpVv80hMLSVOEx9SzxmnkUV1+e"
    "I0kIGgavBkcEeVxkMxaKQy+xKpLABZBU6g4IRYFsQ+1JKQnkXEEhWvm529T6XPUkVzZNiF"
    "YMdPb+AYojl+ikm0WN90sqIwiZiKLIP9R5U7UB59NDuAUqU47t1EyK44T+f8IVSZr+qPyo"
    "MJfp6NCX4uMcFLkkNwK9PlOsyy3GnawRT5feGppBLvNHs+dOmRdK0ywVQi4cnIxuLhsG06"
    "szoauPoz8arI6yikRNV9bO/Ts8QhtIH5Uo+O0ExyTSdUOjU7/CsUto0fLol5PKoqbF/OUy"
    "cmrVXCzPGFU+LNsHbbunvsNS/RxKSuQ/r02/1j51I20ejTGxlqxrNVYr0b7jg5/9SKOIjn"
    "VEfoGz4QX3Cu8O6+XZFlk+2mfZEVNP2WfLypTcAXHdY8vQP44ba/3bFFErRHW8kkJDteys"
    "fFe1W+Xozxc5qK66txHbxjaaipC5gekFQ8X43nnj24AuvjlJUEVpOAl7S3iggSpJUM1voK"
    "1hBF1gyVRFaTiAyQFJTBnKbi+lrfwSrMT5BWMljvPFhFCEnaSgqrSUHVihRkf4io4vtqfA"
    "8V6hRkfpyyksCKJ69fElX09I3QVdxf9QQOcn0KH8BRykoCB1fw3nWnU5twToyGYcA/aikR"
    "6+Sg+qKwNQ+GQ5giGL80du1NTjh6hYYf3JFtpSfYtBAeCRGhk7F4X6/asj4vpDy9RFObOU"
    "R3eNB5HpBoEsHsTd+gT20ydR1Vsw5JWshUrXrnyXMAJmOTt+ZkygAHpgJcKft3WV8Qviaw"
    "VNID1+nsDwg2E6YuUQXZxXkusOXzBWDL54kKMptgXgzUek5R5kSAlXmci8UFUFIN4qSu4O"
    "wCvTlFVZ4XCfhvojxPF8vXWak6L0p5hAkYR1acVxJtryfe95kYbZM+p+l54Z8XaniOGqhZ"
    "/sjluh2CsQhzv8cFdqQaJZGEztC1TE532DOhHOnYtmdCjwLVib2+ESRG3YPDA+XqsdMGzL"
    "ykdrfxW/Sp6g1hmLbQ/dCIEa7A/V5lpv2r1AQdNCVsahF0QpnKtvcJTj1MQDWvggysQ9M3"
    "Ux8ji3jKpMrLF885ZWLxiyfTx7InxSQ7eTKZmOPaljbGfFyl3x+GJlnlZG03dyj4Hgrokm"
    "GaI9QmP+bJsf+YnWP/8ae4NrlDDJOysXbXICaVplhpijvVFBucmyOaVVsZ+nWhnoij45Zp"
    "idkyT1WDyJ9TYpv+7KEK30oJOgglSK2OlXa1GGm1rZV9W4v06gm+22K6b4KuUn1LB41y7N"
    "x9wbaJiy7cKFHF1+WYM9GjPcrmwnAdzchkB8bovHgdic1xOSaKtyw3wOHv85mOlL3RT7jM"
    "eDOHyuHFgDN7blsU2kLSWgJENpgFKDPRcRs1h9YxeX4Ue2dNLWABHH3lnvkB7Rivg9MKUo"
    "9SVlIvi9R9HoXE7j39XOryvwl5Z4cV/PFH4ffeDYy0berpHF4ODzKn3h2/ZUmoBrPWirG9"
    "Bq0ltE4DMEKCObwmE95lGR2OXO/da6ojhfpJLFTVmiLUTMKjDaXnzp9u720lFnUtWy7ffX"
    "Qwqxk2HjpFZXvTaXztXSJJ26edx7u71t3Pl8h2KRXs91qCNHvNG68liFB0DXG1cXfdbMuL"
    "8P5eeXcJpEbSitMXdJojqYXp25RSUQFBrBdQE/1H3X9AdWJSc+JOxCtArjEwQyPDofhnig"
    "1pMZxVkbVolpg8hjDNtiTy7uz9lo6hBYy/uX+8ajfRQ6d53eq2vKS9QH+QP8poUdCbo9Ns"
    "tBP1KC+CGaOUY34B28NEu+Ty+7OCxRC19+gtGjPLYK6DuPiCcx4MW2Y62Msrn/oe7Q53Gy"
    "6+MUs8DWHqOCoigG7r9rHda9w17x+7lyg8U5/2hH6q9b4JvaDbvBPHgEO4o0F3Xg1y2cpx"
    "GMhnGtqqIW6hjyRBueKXUk5Q5W19GpJrr+LdhKHidVAu4MTJoK6Q79MAkHTTICsY9BHCDd"
    "jzJePz4ZrvSa+NEtUqXpsoZSXlskuZp55Oi2pd5jRrVbvsRq41lZyOjbegyKkOveoFZPb7"
    "BBvQin5t3W6rlS+DQk3ZolTH0AxvB/40ic+80n4Xpaz2uzLvd1CRvIqMw3SVhMss4apkZK"
    "cZSPvsy1Q2VudN4cjbmCk7hyOeHAy5EmmgJB7x1186xMIZvoTUXPUj4XxaHteafDq+HK6/"
    "tpkR5LMrJR0oxMnsXKBQ8t126yLkw61VEVGlB62ZHlSlDMyd0blMnPcLTJz3SRNHqFpm+k"
    "HdnWDLytaMQnSlxa6qvQMMIVkpzqhjMytnDECt6YvzTx+D5Qx/LFrJ3dtGu530ir4KXWec"
    "Yllk8nVOsDuubivUuGkXs2M6VqHNICA4Pn/HRa7N4GLBZnCR4u9wJxOc1q02uzI5RHIMTN"
    "51cfKAGYXY7Y+veF2c1xAEBpMKz1aIBKYTlzgQWJMILZ6q/Ib7TU9NwtGIIeX2FgMmLgCq"
    "iIdNNFHdzZ5ucoiv0rRajyvGLIJphv4cpouJYcDUSb+NszK4stsP4ur+vh35IK5a8RX/eH"
    "vVFOqf/DrmIfEkx6sS0q3qKASALx1SjLcxqjJvK7YE8OQotr14TbkQPDN6NZ0xwpSBXY38"
    "d9vd/lIVR+63ODIs8TVZ3AtN9UOs/7xiie0YhTvMJzqXmakI1gWcoDded+vSiGqznuLKqZ"
    "6bVQ62rLWXk+cJ7om58iypg2HUDhzrimfZ3vWAp0td7JoTDF0KU9mVqDLIpLpN5GeC2BDh"
    "8Bbp9cP+giLZN9ydSB/dRPbJ9oYnu2lvdvo+/dU2ZXNuCUppUk5sB50ouMlXbDriuvgf8X"
    "fx+fwAepnZnDsWKvg9XPteNdYuJ5SSUHAYd+2iDRwiZKX1gJdSFlUPyapX24/G9apTzL4l"
    "UMFP7cTDUiEjbRYZaT+gPQ1L6MO1NPhS+cNC2wEHQ7aJ0vN7qJ49hARTTMv+UVTsraXnHC"
    "AigdAfDWBZMY7XHpp3NxKFwKPv065/hftXbprt1vdmByAIPK8a4BI8NDq9VqPd/k372mhJ"
    "fIIpth0TLGtNtaHvU/+XeVv6wgUQeUrqz7NL6s8TJfUVMlM26w8ToycPMpMh3syCrrSrFP"
    "lFSI9Q7gci51xFEYG0Jib0GywYf0+hrqLwBaLwQ9PmjhacEit8bekzVIVIZf7mArSiVQ7V"
    "GG0l6VJLOqi3LeZwSNCVOBdkb0k2pavnO3gbb4FDZ1G9efFiPvEmujnFeTSDki3ivE6dxB"
    "dcODcj6djJWVt5T0mPif/bTWXlXhf9Vusq13KdtQwymTKHUH3WITqzo16ozEH1RS41cz5c"
    "s+fjN1z8NvU/Ts2vomJTWBHe+ngms6o9UJliGwt6JCYkmbdkJkl5hJV0WwELiXwredkdIT"
    "pCTm8e6BN2oQIM9oYfIWu3soiH4v7Ehk0gxT7N5nKM7Ai5vfmFLIxN8byp9suigzJCdkwB"
    "6V2nwVTRjR8kupGwbfcTUr93nQH785ZwjuWCT9gE0QEL7QEmh2qT0Nil+blPE7Eany5Vdi"
    "x+RYOZQzgifwoiawat38UP4r+2bb4QA53AsFuQhHcTSUcm2EwU0W9u5j4V70D5lNkOGmOA"
    "10IOQ31hNHf74q7MRhiNGXt+w5FNxKfCHQQFsad1NLVcVeg/JK9ICUT+CaiDfTqFu/AxNJ"
    "Q/gbWNmLCLZY97h9lENrmvI8pk0i9kAM+QpHgxSe5U38oQKqUhVO3yP8ouH7ERTJrRcWF5"
    "TopPu8OMlPmuWiAfpXnbaLUv/X2z225c/3KJuCWOqj69aXWv7zuQhWJycBb16a/Nq2/392"
    "LEKxnADhrfw/OowNvojAG1dElJLYCbCCiOwsbYNQSCTXRzaqbXsGUzPUpVMX4V7Al38M/U"
    "ZiSLkFUCkjKzXO1eSvnrqkdGY3GyEPuL1NX4pVDaGCVvIVsEeXAxULsFBIBvjHxMk4hOub"
    "FZ9yz4iZnmf70yqXjedLn7FPF0GlCqyyP2jaTTeIjXAcMFv69ad43Ob+kcv0pByL76rdds"
    "xHiuFkrKFpeNXx4iOQT4cu8TUIWOyhDy3gDMLbFfE2VqAUfq6AVbLjkVNo2p3jDyoa031Z"
    "6x0KFuXdysaPJamGy1rLUdydnT1hA36bPQ3cZEIQrApii0VwPbBvpVDeEIqsqx4wp7Vh8T"
    "/VnIDMpfT+7ELinuzdTV04T8t3OLveTUKbFmBcezT9o4XYnBtRLiwqp9geQ8GjKXGnVkUv"
    "QqtP7kt16UeA9nZ0mcdV+JXOdfLTyqpbjqwj/XFznqhmqgNvRHLnXTNRCMBdxKRoVMwOXl"
    "aYLwcVJkOvAboXAHA4kvVIrQG/JGfKPy3gg69MEtrOQq2Pgd+nRALPaqzhBmWbApTImtC4"
    "sB3GgAO3qp/Gpio9iKQ+1H8aZVXbgrP1nVhbuS+lpduPeZQbHfTXTLEf3wYxVgcIysvG1/"
    "V2T0h1yJKh8WJKp8SCaqeOpJQcMvRFVVKxWwrDytTvO0uiTXF/QtTaHdaY/fd++KdvndBP"
    "M30bvUP2SLdXqLUpXYlt133ltJTM2G7pgv5Btz7Voa3sL81/oiQzPAiLE1LEm0sU+z1OT8"
    "5oqHQxJYSZp7Cu1H4qXBJL5b3ZZuQWEAWkzHFjLwDJ28e3t+cZoEa9vIjKk56vP3hCHyHa"
    "uc9INIxfDXY5T/i7uM+DTHlOe4ibYi5CU9hpuNVveSEb49XPiojVUThrbOQr6lBN0xrdJt"
    "VRNG9+81qwm7kckOjNF5K9gSy6xMOFHXCva6Q/hUvIdQOyjhPE2PSR+4UKXxILU1O0mzVK"
    "Xxsmg5YPM4kESKPWXDx3X1Jq9L9WTMXpF4RT+BYBJSTqQSk0Tk2fgN+pTZSk2CYOsE62NI"
    "bFAaFPlTt1yDGKdf0JPQgsVtAQD3ye9tZRAdzwSV+slQQLV5NSjvMSsl6jCUKJ5qfS/qWr"
    "PjXmKHcuh7H0sRFWpOUbEzzk4Lc0fzOLRCOCGFvII3KU8IIRk58s/mYtgmEaJKW65skcoW"
    "KQejN2yLpOwUG+Dw9XymI2VvdIMsk53XY1NTbwyHJjWd1NYi0QH1RXadA0M1HB67qotamF"
    "MhgBfu217yDugEq2FI9tTlaCIWXH5f9YpT5zC55BSVwXUgBpcuRFso3hlQ7DLKebAxTsmt"
    "VUyGCOERJiAdk7WQ0eblB+rxsjEDIat7y4/UuqWytg6Cu0rPK9YHN0RS8bSyYEthwSp9fX"
    "3+9vx5jpS14Y+3TLbrNZQ3dVxaSw1Ler/VF1msf7hYqLAzTRZKabY3fKnR2vNrq4RhGTYm"
    "0RQDZj4SrGTIJgAzg06YLYvpMBihSLbQOZV9hOt+BU7CcN3s9H3qvSWSmrWMLE6ZmFNcwK"
    "9n6EkBj3EZdsSyHhZsZMVA+ROCUlmeuzVmEpkVmmTW0e+rt/OpzOJdmcXiGUejtFMnH8hK"
    "iLzU2Abdx6vbVu8Sit8mptOn99+bnU7rpnmJ2AuxbdMQn02j3eyIIUHXq/3DqngfciGvRY"
    "hmRb/F4UTbNuG38HbDJI+zMQZCJGthDKxW6/HvQ5fq8ngYuKblmJSfwf3+Xts9/7cCBeB9"
    "kAZJqb1ZWBMSJazKQgqUhfiboEaZk+Ikza64TxAeQ5nCrqFlhO7J7MIA31GqHRab8Rl3yG"
    "Rb280OsJGrGuls7h9mtWyeGunS9ZrZt6i369Fa2N+keLuZ9TqclONA2U6Pk525X/5TWRYP"
    "0pdQS/HBRAfU8zhipvOxS70w9wAQp7MpAcg46aOqg7/ENpktppKowpSYEvXoRKVTSzGegs"
    "vDtQh/QhM8BZeH9LUkvDCbnb5PAX8U8skHFtOf/ybYT//GhsMvCK5zwGYxGOESrBjYiJ4J"
    "mUpfjdTq35oUcUBaEbeucFYqnJVD2u2OWIeocFaOTeopaQ8JnBX/DFjVSRqmL7F9XLu779"
    "w22gAAaE+w1affWj9/u0RjczTu0+tOq9e6hl8FhSOUlET3gP24SCcm1YqndkWoKjdpHjcp"
    "qDiFnKQ+QTlcpHDbo3GR7iMho2TLfcvW665TBUrG3YPPFGDUIdRpUGzNuJlexxwbUl9Ywa"
    "wGazg8esNNO/17ABynnB/u9S8VW5WPpAlzkMPUVcb5QYTW4wLN69iP05U6sM7H+PzDRx8H"
    "SGmO5r8k3KxcvlDFLl8HnchP7V/wfN63dxZ+0ySg9Wan3jGEYPjrzR3RCdGUWug2mTCHgE"
    "dM4j0lJJfy+67NgsiGWUAGCcIyC2LFoNpFrqDaxYKg2kUyqLafXJWyMXrbRTbuQNmthUyx"
    "KNXu7bEVdpj/6Ut/Eh6YsED6wMS+qhSCf787Ewe5HMEZhQv92tnZWR/8O+K/fyX2o7Vn27"
    "O9Zwu9+sU3NPJnKYWIDkLovwup+BYFyOE9iAV4EBIKXApJ7pMSktCAwU0FPU+Gps0T6Xsb"
    "nnrPy+GZzILODnlXQ5jmEBZDaX0vQqk0HbPYBhymqZi/BvN9zX+FAEyM9AgjMIcbcVGBto"
    "Q7bj++o9YE2hb/BxvUUrxG8x/ri/xFphym/dMbtzS14RqQ3mSnLpugV9t0hO0qqzq8LsY6"
    "m0zgooEG2NHHdcQBp26ITWjsIswsE6htdwojvJtGjr8Nz9+nHM+4BMMbYhtyGUbM8TrDIF"
    "tcdaeQ+fAk/sk1Tgh9giYzaCD+FbqVmNcmwCdiVL2ZD9rR5WU0FIM3j1IdoZm9ldzVIbjB"
    "Ug6/fJHoOXWZ+V277n6/RDp/6dO7G1ADxCTGP7nyxxSVwuccMvicKYHPiU7HDnbcFOUvH/"
    "/n1DvM17ZdSoFfBYXQeby7a939fIk8+j69vr99aDd7zZtL2MWnEOsx+vRro9WGS+q0WEVE"
    "m3f/BQdPUlCZZ0KEpoJYSHYOEexRek0htM0EXcXaVNa6FEDDiiGZJgkr5qYyd743FeHsnK"
    "piawJ217ZZsc7Mc4pyZAStUjRZg0ikdANKM0e9EujC4q86kpyoI+VI/usf+Y7Cnfuv4JmT"
    "cssu8QsIypy6+DqezQ1WYaEi7rDpNK86suuCv8AG1pyxzdzRWBPrp8DulElf2n2q5vkGiM"
    "5sw3MPOGOTi68e0PFViH8opAegFKkuAg/xIliNewCZcrC9WvJ3lPIIXY8HmvydJ+UfwE35"
    "eCWxx0grIPTK45zqcb4Fn6vgc9cB0Y9Sa+sSY+qL/M8Tb7TGw8M3nLDol55vJC3xR3HVVg"
    "Vp1elUFaRVUl+rIK0oVMjuQUJ2FmTZfOZuZtJo5hGVnS364yJDhDkqsfWLQWyFSMrhLVql"
    "fkxlk9mqvv/t31WPAQedWGxkOkg8ksNPvyiURlshAcBbCVNXDkTv4mbuJubbs/dpYOKUdb"
    "AgRdgnqDD4c6QHO2PB+jGzUvTrBSyOUJWazzWMdEwNE7QScBRxYhFdLvAxoYibowkzjRNY"
    "Muj/IO5OTrwv5H+joVBxXZucnqK//18UeeHIB7aF+Xe7AsAWTNcMlgenfdodhqaxZWlerx"
    "xedHNttNua2I7u7prtLqB2zmfq0yuhYfk/XqIB4Y4Wal+0//j0AWYRqGb0hYV03Wt9bwrx"
    "SOo+fejcP9x3IV1gajNxWEACQUfo0x24ZAtTwy5LCgFnrp2WcJ9TRAH1DkU0wdT1qrEKiO"
    "i2cfcIuA6Kuk/bzUbnDsRhEWyndMzdE84DEffXC+mQIZK1dMgdhbDYcCiDId5jQ1AE+zJA"
    "nomBThqP13UkFL63FuO8LsMmumvbUAXpjXnD0dAcicOIJ0sqt3SPPSuVUwzPVhDUL0xTYk"
    "AEGXH2JTOXFXQwexVqiOQ6BMdG4r9c2ALCBkD9mieufi25BDYw37Y74+wrnbRk0ZUdZJOK"
    "QxgqdVfxH8ZIq+BWefyFhYNb8wVhEMsE1MG0+qYrj/brLx1iBVCc6bgnN2qe2cGKPQF98t"
    "c2I4ANwXJ9XEuJ+3m/1BdF+/B8zEZDfFU8b4/xvBWwC44bteD8w4c8B+CHD9kHIPwWKygU"
    "H1UBDnvDj5C773OpF+8XqBfvU4DWFQhLEaMtRFJVyha0ifaazvLX/wf5kMFj"
)
