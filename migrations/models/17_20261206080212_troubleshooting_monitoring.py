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
    "eJztfWlz4ziS9l9B6P3QdoTKU2V3Heva2AhZVnVpWj5Wkqu3tzVBQyRkcUwBaoK0SzPb//"
    "1Fgod4i9RJsRgx0VOmkCD5JAjknf9uzJhGDH7WsjXd6rGnDrXMReMS/btB8YyIfyQPaKIG"
    "ns+XP8MFC48NSYFhqGKwJzlszC0Tq5b4YYINTsQljXDV1OeWzigMb83nhGpvGDUWyCQqMz"
    "XEJoi8EHOBuIUt8kadYvqk0yck5hFETTRhJsLaTKccYaohnaq6RqglyF908srP4MYaU8Wd"
    "BdUO72FT/U+bKBZ7ItaUmOJOf/xDXNapRr4TDn/+IWAxxa+KtZgTByX5p641xMg/GkxVbd"
    "MkmoKtxj+Adv6sTHRiaCEeiNHiJ3ndmUhcu9KfutT6IsfC644VlRn2jC7HzxfWlFGfQKcW"
    "XH0ilJjijeEOlmkDQ6htGC7zPB45b7Yc4rxSgEYjE2wbwFagdh5gea2hKLd3Q2XQGSpKI8"
    "ZyjyLAIfeSyigsF/GoXALwBI/w5j/Ozy8uPp6/vfjw6f3PHz++//T2kxgrnzf+08e/nIdZ"
    "ouVMJTHr/tK9HcIDMbEmndUKF/6SNNjCDpXk3BJ9sSKYqci/YlxoT7GZzIMwVYQX4iWjvP"
    "CQz2KGd2HJjeU35UPPF9wis8auWDLD3xWD0CdrKv48f/s2A+5vrX77a6t/IkadhkG/dX86"
    "d34D/EN4w0MVw9ql2B/Ou1z2IYzf5cL4XQbG7+IYR3alvEBHyCqI9vs8YL9Px/p9GtRJe/"
    "hKoBM38irA/OHnHDB/+DkVZvgpDLNGLKw7kkgY5L8P7m6TQQ6QRCDWdNVC/4cMncfOzK3t"
    "0/85sanct9DY1g1LCBpncNv/2tXOnQE4QAQzzzj/0wgCfXLT+p8oD9q9uysJGePWkylnkR"
    "NcRRhiEgEGL7rww1RrrXxXQvlRFn5QhIwBfS1gsvQZSQY7Qhr9CFzaM+8fx7jrmARrd0Ls"
    "d9dFBvjD7k1nMGzd3Ie+hOvWsAO/nMuri8jVkw8RRvmToN+6w68I/kT/e3fbiX4w/rjh/z"
    "bgmbBtMYWyVwVrASHbu+qhFhWThICZ9HWl6gVBktXawRF8Wo5+cP7u548/f7r48LOvFvhX"
    "srQBR/IHpWvynC74x+H9wkyiP9FfyUKi3BWPhKmaJBC5uvO9CdrjHBvHh/Bf3hLyri4f0c"
    "SvvqoaWlkCAPHaxJIQiAdAtw+9XkMCPcbq8ys2NSWEOPzCzlnkij82/tPsfBa9gil+kvDA"
    "e8BTx7BPMGqEGJNu0JiHhq02aKA5Mbk415mJODFfdJUga4otNGXiiZHFngnln9EjPMwj0s"
    "WVKUF//22IHrk9fkwwXmw+32pDRSHbw49ieNhoY2lmmBRUcSxZax3ZYcr6xD6mE9uea2ty"
    "PUxZc70sXPcwCrDdffol14saDrdrMjzsNrp7Y6Gm87mBF4XNs1G6PRpoj9g0S2ZYN4rA7B"
    "NUT5O/OM8DsBiVCrD8LWI0YUbKMu5QexbTN8KmE5d2j0sZXGHELLigG63rm+7tpeNdG9HO"
    "dXd4179ERNOFDjGi/c63bue3jrjiuNqIuOZdCdyvqBX9Qx4jevSYCNjQP0RZpXMF/A4vCf"
    "y6YoIVmKbIyEG6CK/GgnBXzPI2/v2aFq/u7nqhg/qqG3HA3T7cXHUE9hJ6MUi3Qn65gCFd"
    "KjrKCzZ0IQlNLJKgm2eLUckzbEGc2s9G5T6/UPG4TTQkNEChEY7JhJmgEArFb8Zm4KLG4m"
    "+TTGxOtJgyGZ7iRKqJOrYeT3NN91kooBYaL0ZUfJtiJl+BHjrTgqd8vEAakSscS+v2iVCs"
    "/yZ957q1OJsvmqjfETtAB40aDtWoIVmff02VXAJ0BP+YXSnd/hGwOMnQCQGVqZMEV8aVS/"
    "7l1z4xcIrPMy1goxRLeGPDU9gEOp+b7EXoRXN7bOiqRGRD2O6XM1UUtBqrAgvMIKa16YcI"
    "c1QIn11aa4WgSylJtNV6PzWzLLVqYNBKO+0to284UU1xoolTzRJgcGQIuQzpFD2K957oT4"
    "+fXfNqEz2ThXO+yQtvxgQDfOih3+PyhHwmcyt22m7/FiMqg9gwR+LcnYqVRb5bcjbnNsry"
    "6iM64YQgjQkVjJ6p5mJusVPEGcII7JJjzMWP9mw+ohojHFFmISG0PoP1eFYbjWujcW0+rI"
    "3GNddro3EFjcbpYY+rrWzHEPvY6Ny0ur1LJK2vIzrotdq/XiJuCBltRK+7g/Zd//oSaTqH"
    "SPgR/a1z9fXuTox4JeMpY2JMfzC4RCbn5bC0OYJSnGHpkX1LijqwL7TjbSOwLyZpxjkzFF"
    "eTOZNIXAXnQNbh0/mfYTYX/LOnd3f7izc8ypoIFyxs2Qmqab5dbEm9R2/B0uxdyFvQHna/"
    "dS6RQz2i962HQUdsX3MMFkm5n7Wueh1nQ4Pnixk9D7NrORArQkbhSdkMGZ9IlLD+PNb9PB"
    "Suu6u/iOAcpT0eB8HrlFAZ/uW8AjIwt5BMbQN/AdXQ65T5f+sWOsHID277iSMArwlegEcn"
    "iegxZtDY9g1GVM6oEbCKmAv/E5b3cK05p03XauH95l5HHC84klxCchbn/osKOhMSVvZ4UU"
    "Q/CBFVYT/Zg5YAYCiGPtMtZU5MRUgujCbYtb4YDKfs5KkzRDgwgSmOjwcZkF/fPYgzGd33"
    "O+3uoOsKof5nJH8Mu3v7nVYvHf+xbfIEMTPVpJhEWge8x13qY1PsmcVyCIIkNaQrcwgkXA"
    "mbRtEcgitvnuNCN2/+QHBVFc4fCPg2TTIhJhFIbui0G9hjeN8xMe/9Kctj39muk9MVvjaO"
    "OLh2hbiq4iRkuLkYIN6REr4hVq43sx+bsirAbeglzhuucIPpYsjgv3lzsQrFLJTLMp6xmc"
    "q3U6LpTeF3NWFVEs0f5apRDqrMlHx5JosI6O6m7HPOHeESu79aU5PZT9MoacAdH9rU261B"
    "u3UtJUAl6uH9KzNAYLkvNxJiBAK/NrPCBHh43MpIgT7B4lUEMQS3SaM66Jp/g3C5hfgXIt"
    "8tYlJsIF1DJ1A4RoX0LKmOOhZ1BIFd8lg6jed3bX322nFfO+6P5Pw4Uhdu7bj/Ebmex3F/"
    "4AyZEnnud5If452FBauKRMiqBvVOzJ+HDUGpeiYdtsQjjG0rSelOj2sIU9WxDdluwzViG+"
    "BA/RejxYqiBWj2uPgfhu39rP/tlywymIrT8hyTMV5S7BFhQvcD8K5iD5IBrnRwyMPt4OFq"
    "0O53ryAgxKa+pq+N6NXdw20bLo+Z2MTgSvvu5r7X6t7CRZXN5oZgUFnCR+B2hFrKExgH11"
    "EdE+iPJpBhK2El5dYc4gqjx7FX3ZpqJn7dhOvROWrOl5nzf9o6sZQps02uiM3XTIqoTGV5"
    "InEavyvJ6xBDE5m53Gg/nSYxEHiXyhGS5MDNxw+SGO5Rc6MgNzSsGwtFxfM4HwYzbBipFu"
    "oQYYmjFYRih2YCBTfvHtMFmhHO8RPhUPzNj3iDf0tRGGl4gU5uhdYhbseQeMPTmF9hS3Mm"
    "G8svzj9+8O3k8EeWiXxw0+r14tEnng+JmVpSLYeM8P4oYTk0YbhfUU3Yexeka7zp8MsJYj"
    "CJhia6G7sU4msuigPo0WtVPKgjNo4jYqOcZ1A2TERoPptm73fok9gxoQ5KB2arKFKYc/2J"
    "zjaHq+VPVNVvz7E0OPLdhljJmb6KiaqKlXdO15FTawJosbmuKngy0alubbzdD2G2ljNZpa"
    "L0dlmSJFGuyIw9CssfeaKQlHmYZGVA0h0lyGSvUnY/Wc7TRHLBNP3MmUs0FaPYxCIUnUjF"
    "FMmNS0YPCQHfqStiTUlMyNz6HUZLW6z5kxBcoTbJ4xK0x9TQpT8i4VryAaSI60aX/SMS3P"
    "SH+9k4vt5woNpE9peg6qLutlXSblt1sFQ6g44zbKYOlvoRuZ4nWGq5G8eYns9TGZpgj85K"
    "fTYjmi5mLWrt6d7cdK67AvpL5M8xotetbu/3SyStlVCOo/Mr/PlKyDP8fdv5BrVvKbSrLI"
    "lvMnym5osWDhOtZYwt3ae55XS8gERYCNoYXY1uYv3gpVSYE9ggSY3p6mzHsKS+YcpjOJvj"
    "yIDOm/gY+3QTE2Xi63gL+A69eSoKbfDjXY1qIFdpQ1wDlUorimz4KE/GNt35s0trjbOmE8"
    "wz/mJPt8f439VK+0s6oHXqVZ16dSQf+5HqlbU14Ufkeh5rAjfshCKRGTWR3PGVq5m6k47x"
    "5U8HOu50q+CTxWBOLxYYIatA8tU+KgXWoUp7C5eofdf5wfrTxoZ4PWXODF3dGLL/dma7h8"
    "mqFOJVl5YpfWkZqUqvV1gmaLVJKSvjK+pbKirj1FZLMBr4RdfSjQZ+fbd8QRsGlGs5ccqg"
    "GuyJNZE4yiFeookmjFkQYMGJWAHw/0zVsYEMnT7zU8SFoEVkczUiC6UGzFWxuI1t32REZb"
    "txLqBWLY506zPCKMAQNMMLJFjyLH7iiL3SugpNbQo5psP5SJXi2hTyI3I9jymkbh+zS1Ud"
    "zlTFNguV+QnSVLL+dk6cM4GOIT039Rk2F4AjS3App8MdI9yjYeT/vcMfL8inXdlHdl47Ql"
    "YpXwv1BNJ94n7+9vzd+c/Hirsjmhex/S0parNf8QYhUgNSip6UEbIKAL+HA9MFrXBtvChd"
    "9Q7OnRTJc5R6RSr1cbjT06qjdOXIqj76+mJrORtCxZk3TZY7vq8kl7m87mR+uLS4IYFyWd"
    "LyGo+18n5rZoZbBUetNJ4OpwTpGqGWbi0QmyCMPPrP0uoo+2BDNjuHbtjeE3wjJofNhDMk"
    "TZghs2XMdrqDe4zoMyFzjkx5kkE3b6jMJLtbvbh0uoVeMUcCKJO9EE0OSM+F8wQPLwRPLu"
    "SmtLPPsBXLhatNrLWJtRSb1JEa22oT64/I9fKbWA/N193rjLEDbo30wOgcZca+Yj27XXlk"
    "TcYtqfdoYJlaM6Ogntn4OrwRPAPKEQW706UUElezD3TDS/RPHpdCD8Mu1TZNqBvqCqUFZM"
    "MEyv1lyr0rtaC4hPcFmzq8ZyFzTIioHLaYdSrclcoWEzIfYLlwC2lCIZoSF5Tc60rPSAh1"
    "8IoDXDxZMWAtOC6E8ybVhZZWKLKtL2TVfrc9zNcDU53qhmaShD28ULxt5fAOb8jOabVpUH"
    "LYBFQeYXLLYMFBtHFpwG/OLKVZUA3HJsed+rjuO/7E/bq48PiOtQ5TBgY4FLRYltws663I"
    "DOtsYNGuNtIGxbvtpsf+ETIEe7ep7ZiHtGMW1wIOIv2XHuGgS9Y21QQ7Rnpwx5KizFaL0o"
    "Z31BpXCTWu2j+SvuEcp6U8j3/ElyGKlV4KU9WnymplOyhI7U/dLhvIucsDhRdYmarYBMNR"
    "EiT4SLRKuvQeCXbYaV2bP4Jt4+C+fKp4AQm15F5HIBx8X6jwCVtHIFSN63kiECzdMgo2qn"
    "UJKqFRRgKpc8UgXGTEIFwkxK3bM8giKqS2L0kqkBuwb619zLRCaHvja6gLQz03dWa6tVTW"
    "CdEI0u8RfgqRIYXDNG7v+jetnoBeUo/o1+4vXy/RVH+ajmi73x122/CroLCEuBwrqnCgPL"
    "zj6+GsmXhiFeXNdb/1ZXiJJO2Idm+Vfudbt/PbJdKpYpIXnbyOaOv+vn/3Ddo0e2HSIzpo"
    "f+1cP/TgIlenRLMNuHr/cNXrDr52b3+5RK4aIpjoX4fR7mUY/aXVlRNMsC6p263bdkdeUQ"
    "FVca0cayGgUBUU8MKUdRvg8shzcTGe2+OZbq0nyEdpa06XmdPeLrYGoyOkNZ/LzGf/qFl/"
    "5645fRScxramQx1H6HXIjDU/7ZQ5as6XmfOepLiOzTVMWvO5zHwGHcE24ePEvFiN3jhlFQ"
    "oZ7Ntg4eiCgj1JDs508CNkNfLFkfc9peqU6YnVj9NDapJoyxFZc/R1JRJZtFbcUzJ1zabd"
    "sWmuJ8We5+CQR7gRc45nP9sJF3wVerwoFpMUJ6xTgOKxrkKKmrKCHQxDNDWocVBlnelimA"
    "ZJakhXRs85SzCOb+HYuXvxFqo+xxUqu9SMxM6FPtdQ5Jx4AnT70Os10nbcGuBcAMdOmhwo"
    "+7XoN8TXL3tfTWyD+2IKqnnyLAWd/kLMjdt0XDvzVLapCXkhG+cOdugTfiIzMVHnhRzj2Z"
    "UPqe9zsZ5mW4DLn6iqi0qdEvVZMe1NM3jbME/frlTqbqHI9MAZbRAzwYLtoXlHyZCJ/6zG"
    "tOVNVJFPNB68H+nFvI3mQWs3Yz6qtkH+W0YbBsVKeYbbBgWbAkUbBsVbCm2lbVCCoye1JG"
    "thbm/QIvqo+B14z4IcD7eYXpvngTZJBbiemZzjvtONTu3k8qfhAc2sBB3vLWfLsSsrod4T"
    "069RIARZ5NBeolcoPgplSqFqNkeqeChkMXQCtUa98TNGdYuZP3FkMsOw56ey0GioCOp2px"
    "/REe1gdYrG2BL/xZrG5SQqs8WScsorMEqQPefi0EAnJnsVd2Cm5bShcieGPlWChLq1pkb0"
    "lZnPULqBQp8qpBGsGUx9Pv2MINofqqxiBBIQ0xC3ZxyJJ58xbsk7iTvAb+57Nd0pxFuMqE"
    "G0J2KeoUdimszkj2iG54KYIvk3Ug3MObwzdh7/M3qEJU3VhTcSjW31mQiY4ONEbDKiGpuJ"
    "z+RsqSucuRiJhzzrtYad2/bvytXdw+31QLkZBCZPrwAb/jLclbNRvYQr/elHSbz6j/Pzi4"
    "uP528vPnx6//PHj+8/vfWtSPGfssxJV91fwKLUDBqgc6RnhXiX044XJqoTYROso8v9s0j4"
    "xZKqgolPVQq94Ik1xFI/GG/4/j6Vt0fynThx7gWgXBLUYEbBdKSEIl7cJUXtW9+6V9eVxY"
    "rwI0BSM2RXDFGkPFtgz4nR1VtPdOvxIBLajTJL2IK+GAyvQHdJGoF3ArQ7A/hsVxBn4Hd9"
    "93DV66D7fqfdHXTdle4LOPJHuCQu6F7BzVYvgrh4XrF7g0NOqJjPSX3aUtdzEmm9pKNL2k"
    "cJAFAMfaYX2TNSqGuYozAv8VHm2OZJzstUkBNpa4jjoTryM1fYXIBQLGAnSliDmwauajC+"
    "FrhLwhrcxIiow5S88qMgEgzqwQiJdFu6Fhy120pXcfeDm24vRgbrYFHy3VKwBcG7liyGBT"
    "9DYI8ObS1nhHMBBswgfzCJqs91sF0UK5pVm2/3Zr6tq2tVrM5SXV3rR+R6gtE5FmEktujZ"
    "nDm6MnidY6xPr7OVQLqdIiyH3YJ33/NreQIWQDtEVMHKZgKnnFBnYh0vbnZ89YWEXgTe/Y"
    "IG0sZ95/baKQjk0I/ofz90HqDKj7i3LWsJeSO4N0JcGco/rRG97vS63zp9IHCFzKTaQded"
    "lhyAYb6H+/t+ZzCQxYns+VxsS1ze59fu/b28+KzP53Dla6cn/px6C/vglYYMTNdut+fR7n"
    "FFjG3juehyuHro/XqJgHJEW71OX/DZj30syoBPOfD/lAr/pyj6rq6Q8FUOZtgw0tOnAnSV"
    "UWsvzj9+8MV7+CNLoB/ctHq9BEM5wTy58PjDQ/c6xUIeoImAadu6dgaUOSDdUxcbGX9lYH"
    "2GpsxwY5/cXQxinfIt6gxgnbqZzhYSFLEkCmGwo+puQWk5gbyuiFEeCTmuGBmYW4r0acdZ"
    "nV6QIUxV12MoXo9BgqdMdW6xpOK0K+IPgoTl8HpXqsdJknmvgDaTQl6FzySi1rzPI7uKUe"
    "lKzft4zVTooLhG8cQlWX3ilPnE8dWvNZgcpa05XW5Ouw59m1q6UZzXUeqj4bYU6CFIh1vI"
    "eQ1sIHFawmVuj2HomECKxZhMsTFBJ3/aOrGE8G+b/PQSyRdGr1NCZfbG63TxOaoCbP8OI/"
    "pM5hbCE8tJpZAKCMJc/lsoIWKugNBR+VWLjdQicekHfwJp9Q79Dz/nOPM//Jx65MNPSbKw"
    "TM0pgnaErMRIewo+54hNUODTdasKopPHqWXNlfffvz820SPsZcy2xD9H9vnb8w+fUTwFCW"
    "y3/LSZuC/s5E4jyhlaXpb7BhhKkUGEum9CNplQB2DbwCaUcpcDnkxmz500MCeYK7v/x3mO"
    "lXVxnt794zy6supcnd1E8MSDJ3JiGyes8U1qNesf4cXgjdHVNaPi4LptwoshGyaqYV1Zii"
    "vStzAS2164XFR4tiPbHvJWNYrvjskdLROOuC1gvEFBgyPBN3yyr8Z2uZ1uAd5BaLLj2ivy"
    "Ahw7f3JUPHN31i0g/G05UzXhDR9CG9Q98zx0BnuK475O4bOWM2GF9o66/tluilWtGVPuLb"
    "CM0PLAGlwdYe45qeXolfVa7ihBgmfmArRq7KnBi584Ag3a0KmgeTWhdxNFumOFEzNSjh0v"
    "mQV1V0yiMlOT9rSY1r7l+UdUKPUqmwl1P67PuxVSnOGnTVlQZSYWiv4Gyqp0bwed/lBWV5"
    "HKOzyQOxmXlWD6RCxGbnGETeIXYyFYnZ6h3zCUhTlxszQQpMA0EaxvJBOOiHYqiSbM0Ih2"
    "GazkMqIn3js3kcsZsRJm4iBpomex3k/RM1k4hoRHoIeYzMemU2YFoiSmYh42sVx7pjRvji"
    "jYN2XZGUzhHcQCk/DSBXJMDk4pG4zGYhbxRO4NYYwsYTOXZWmcp0or5RJLK/DXl7NHF+6e"
    "XScCwG/7SAQIbABrhGmV3XQhDYGBfST8UUU3oJ3HcME3nGzbXR2S6NGWOS640RoOOzf3EI"
    "boAD2i7W6//dAdKnf3ndtLpOqmauuWzAsUm2hr2FF63ZvuEAJJlzmZpCQRpGv0vTqy9IiG"
    "dH5J35ZzoCGx+mTJshOMXsVBJm6jm3CZEHqajytV8oLJCK/iyyBAdjzeWo/h8PCS3z8eu4"
    "EhRdLI/fH7OwPfrcnVpWioW+ISL8DhbVue4YGK1voI0KxZ5GNPXxE8wRt5ikng0ZhMmJD2"
    "A1vsZ+TxRDomGX2CfVcOxvw579m38yIhXGgUKXbrLNd/iKzEzug13f4XuTKYLjISmC7S8p"
    "cEjFpCwkq2HB4hrZBHZis5E26FoDULCx3BfrONiLpt7BeucaTIXhEgKfE+ISNqm2LvtsAo"
    "42TIIeZU6i2HllL5uKF1t+qtx9EUThCpc0M2yA2p0w8OmH7gWZeLIB6k2QrMJSoS8CmP2P"
    "cpXer7FBP6Iiby/PbvCGGZza8ltIVnxOoEyy5t6IOvYCesZsQLH1mGyWEkh63ANZDKUVsW"
    "X83wmAaHNXN5TX2tyyNZ6TodiOUjBEcIvRHqPnRHAOV/6WoLhBSDw825wdLbOV7IS9Jv/s"
    "YgL058Ush5uvU7jKiY++kJgpoZRY/eyz+ik5n+ZEodH306lZ5Gx5eJxGJhoc4Uzk0QFX/C"
    "MPFAVHpPf5suLpGG+XTMBLPFUzz+bSYEbF3lj3KgfzNgjbj2iqnlWEuk1/Ynv+uG+9Q2H8"
    "nmFws0Ia+IE7F4YVaYCqNf+ncP9+jqd8SgPYYzzJsfvLuvbvOO5fwITDbiZ/GsQ5lJMgMA"
    "4aEs/Bh8MfKnLdjtOJ792+hUOlc5xXM+ZUJ3GBMVakxK9/CIOgxCOl/pyvZZ6T/YGerD4z"
    "o+Z2MhX2ZEdQodRxy3MMwJHDtxmoG4ZZtOI21H/GHOKGl7Eu8snxAx8OqOKFt2IwH+u808"
    "xGiB2GewHiYFyRPzRVfJWfD74DmdxrV/uJT+4azaOlkmqbK7KteUA7evvstdpbAE6JDUst"
    "9mst9hxJNoCFyCaJIQJZculhB/sEL80SslksdAmLV76i4Dgx/lGaOyuS6OlYnJZigYSAGH"
    "Cbi+xCkg5QlKIGyIxUSS7d9iRP/JxJEDZ7Fmz4mMf0In5OzpDKKbBrcD5Gr7SNdO0Qw/Q4"
    "oWMsncwAs5gaVP3AcS1yl7w+a5Y5oSwtJVeZ5qfkHUiEwsv0v5QzwiOEhaH32lPPoOlTZX"
    "NmvTlt2/EoxEeWJ1EJRHW2bJouEW2fvdr7G38Avv/a6If7QCv4DSjMXvTniUExbV7nXbv1"
    "4iVew2zyMKLfXanUsZnqmSER3cfRkq3kXOJpbi/dK+u7nvtbpQ7U9lM7Hl6VDy7+F28HA1"
    "aPe7Vx3IePd3onI4L4L7YGxNZAfZREiPJ+hqKxb3Ywut0bkyE9qlnlST8Yoxg2CacqaFCC"
    "NcHgvKXTHWv7Jfzl7d3fVCTL3qRp0lDzdXHfGdnYa9svGd1jYTEuLSvVXu8Cp4SPbtq1qK"
    "o0U05TBV1VwmO6mrPCMWBoEtDnN6rbggTTnKxFWqOZpJVCJkmXWO8AhpBY/wIy0rn6eZwE"
    "EdmCU7b/apsJan/kg5mVCXHykruKXzvZcM46263lM2ii0AXKwKyZFivE4RkrpQxo4KZRzG"
    "T/MFMt+WnphGgp8mOqSZ008jk+ry+WkgAsHJwZPOHSc1HpJBQ5nZl8iJApBZ4AQSTohhgO"
    "/DWRLSsohYLON1u7OPqLRZOt4c6XYh2PLCGzgGb44XYhJO1tetNC9MzKci02D/UccOlEce"
    "TXeg1CGOB1cR0jPOk5E/hizzde1ReSq2nqdXbD2XFVtLEkNwI8Pl+sww7HnSwRT6PfNUcg"
    "LvFHM5dOWR1HYiwZxAwpMnE4uHw6ZuLZpobKvPxM0ib6KAENVErmf09Cx2CG1hvsSjIzCT"
    "XNMxkc6ZHf4VcNtGD5fYPC5V7bYv56kT4dY6bubowinxZti46d4+DDuXaKZT2yIj+vXuoX"
    "8pS5yP6LV0NePFOr7eLfcDW35qRQzES6oK2oaPxBacy717aFNk2Xi7bVtkXcJ7RzbexBat"
    "WYc1T+7PerzNCfeskfjNa9ZSCcmel3K1sHfS14sBv6SpUV8PdbCOJVVNzQDdJ6kxXw9zVx"
    "9cA/ooZc2B9TjgBu2tw4IYac2Djb6CDViRNkPNkfU4Ih0kBXmwpKlR3+g7WAf8GGnNg83O"
    "g3WYEKetubAeF5xckYLwB4hq3NfDPZCoUxD8KGXNgTVPXi8lqujpG6Kr0V/3BPZjfQofwG"
    "HKmgNHl/A+sOdzk3BOtJamwT8aCR7r+KBmltua+8PBTeGPX+m7dicnHL1Cww9uQVI4mmHd"
    "QPhJsAidTMX7utmWzWUi5eklmpvMIqrF/b7AUIkm5sze9g1G1CRz23Jy1iFIC+mTSINjKC"
    "Zjkjf6bM6gDkxdcKXs32Uzw31NYKkkO66T4fcJtuOmLlEG2cV5rmLL5xnFls9jGWTF+1lv"
    "2Ma6dC60HVdJ1YiVuILTE/SWFHV6Xsjhv430PFUsX2ut7LwwZQUDMCqWnFcSaW8o3veZaD"
    "2dPifJecGfMyU8yxmoGN7I1bIdgrEIc6/HBbakGCUrCZ2htgxOt9gzodCn3TQXQo4C0Ym9"
    "/iRItKZbDg+Eq4d+D2rmxaW7rd9iRJ3eEJpuCtkPPTHCneJ+rzLS/lVKghaaEzY3CDqhzI"
    "m29whO3ZqAzrxOycAmNH3T1Sk0pXeESScuXzznnInFL55MncqeFLP04Ml4YI5tGsoU82kd"
    "fn8ckmQdk7Xb2CH/eyggSwZpKihNfsgTY/8hPcb+w89RaXKPNUzKBu2+i5jUkmItKe5VUm"
    "xxrj/RtNzKwK+ZciIOj1slJabzPFEMIt/nxNS92QMZvrUQdBRCkLM61trVIqT1tlb2bS3U"
    "q8f/bovJvjG6WvQtXWmUqqP7gk0dF124YaIa19U1Z8JHexjmwuU6OqHJjgzovPU6Ypvj6p"
    "oo7rLcAsLfljNVFN7wJ1zmejPHinB2wZkDty0KbCFJLQFCG0xGlZnwuK2qQ5uoPD+KvrOh"
    "FJBRjr42z/yAeozbwWkNrocpa66XheseRgG2u0+/5Lr8/xi/090K3vhK2L33U0ba1NVkhF"
    "eXB1lS7w9vmRKqwKyNYrA3oLWE0m9BjRB/DrfJhHtZeodD14d3itORwvlJLFSnNUWgmYRL"
    "GwjPXT7dwdtKZHUtW83fQ3Qwa2gmnlhFeXvdb30ZXiJJO6L9h9vb7u0vl8i0KRXwuy1BOs"
    "POtdsSRAi6mrjaum13evIivL+b3l0CrpGk5PSMTnMkMTF9l1wqyiDw9ULVRO9RD+9QnelU"
    "n9kz8QoQawxgKGQyEf9M0CENhtMysrJmifBjAtPsiiNvz97t6BjKAP767uGq10H3/U67O+"
    "i6QXu+/CB/lN4ivzdHv9PqxfJRXgQYTwnHfAbsQaJ9ovzurGAyROMdeoOmzNCYbSEuvuCc"
    "B8OOQQd9ee1T36Xd427DxTdmiKchzDmOijBg0L156A1bt527h8ElCs40okMhnyrDr0IuGH"
    "RuxTFgEW4p0J1XgVi2chwG8pkmptMQt9BHEqNc80spZ1HlXX0aErVX8W5CUXE7KBcw4qRQ"
    "15XvkwogqbpG1lDoQ4Rb0OdLhvPxqu9xq43DqnWsNmHKmstl5zJPPJ2ycl2WNBtlu+yHrw"
    "0nOB1rb0CQczr0Oi8go99nWINW9BvLdjvNfBkXasoWpqpCM7w92NNkfea19rswZb3flXm/"
    "g4zkdXgcpKs5XGYO1ykje41AOmRfprJBnTeEI29jpvQYjmhwMMRKJBUlcYm//NonBk6xJS"
    "TGqlcE+aQ4rg1xql4M11+7jAjy4EoIBwogmR4LFAi+221ehHy4jTIi6vCgDcOD6pCBpTE6"
    "l4rzLkPFeRdXcYSopScf1IMZNox0yShAV9raVY23UENIZoozapnMyOkDcNb0xfnHD/5yhj"
    "+yVvLgptXrxa2ir0LWmSZoFqm4Lgn2h+quXI3bNjFbumUU2gx8gurZOy5ybQYXGZvBRYK9"
    "w57NcFK32vTM5ABJFUDed3LymGmF4PbG11gXxxqcwKBS4cUansBk4hI7AhuyQosrKv/Eva"
    "anOuHoiSHH7C0GzGwoqCIeNtZEdT97us7Bv0qTcj2uGDMIpinyc5AuwoYxc076XZyV/pX9"
    "fhBXd3e90Adx1Y2u+Iebq44Q/+TXsXSJxxGvU0h3KqMQKHxpkWLYRqjKvK2YsoAnR5HtxW"
    "3KheCZ0atuTRGmDPRq5L3b/vaXOjnysMmRQY5vCPEwMNUPsf7zsiWyYxTuMB/rXKYnVrAu"
    "YAS9drtbl4ZV27UU10b13FBZ2DA2Xk6uJXgo5sqzpI4GqD0Y1h3M0q3rPqYrTeyK5Q9dWa"
    "ZyIKvKIJ2qJpGfCWIThINbpNsP+zMKRd9weyZtdDPZJ9sdHu+mvd3pR/Q3U5fNuWVRSp1y"
    "YlroxCk3+Yp1S1wX/yPeLr6cH4pepjbnjrgK/gjmvteNtctZSkkIOIzbZtEGDiGy0lrAS8"
    "mLuodk3avtR0O97hRzaA7U5af2YmGpKyNttzLSYYr2tAwhDzeSypfKHzJ1B+wP2WWVnj8C"
    "+eyBSjDFpOwfRcTeWXjOEVYkEPKjBpAVQ7xx37m9llUIXPoRHXhXuHflutPrfuv0oQSBa1"
    "WDugT3rf6w2+r1fle+tLqyPsEcm5YOmrXitKEfUe+XZVv6wgkQeVLqz9NT6s9jKfV1ZaZ0"
    "6I+zRk+eykyaeDMDutKuk+QXIq0g34+Ez7mSInxuzXToN1jQ/55AXXvhC3jhJ7rJLcU/Jd"
    "b42pJnqBORyvzN+dWK1jlUI7Q1p0vNaT/ftpjBIUZX4liQgwXZlC6f7+h1vAyDTla+efFk"
    "PvEmqj7HeSSDki3ivEad2BdcODYjbtjJmVt5R8mQif/sJ7PyoIt+p3mVG5nOuhqZzZlFqL"
    "roE5WZYStU6qBmlklNXw5XzOX4LSe/zb2PU/GyqNgcVoS7Pp7Jom4PVCbfRkaPxBgn86bM"
    "xCkrmEm3k2IhoW8lL9whogoivf1Cn7ALFQDYHV5BaHeyiCfi/sSETSBBP01HOUJWQbS3v5"
    "CFsimeN1F/yTooQ2RVckjvOwym9m78IN6NmG57GJf6nW2N2fcbwjmWCz6mE4QHZOoDTA5V"
    "ZoGxK+NzH2diNT5eOtGx+BWNFxbhiHwXRMYCWr+LH8T/m6b+QjR0AsNugBPuTSQdmWE9lk"
    "S/vZlHVLwD5XNmWmiKobwWshgaCaV5MBJ3ZSbCaMrY808cmUR8KtxCkBB72kRzw3YS/Sfk"
    "FTkMkX9C1cERncNd+BQayp/A2kZM6MWyx73FTCKb3DcRZTLoFyKAF0hSvOgkd6hvrQiVUh"
    "Gqd/kfZZcP6Qg6Tem4sDomxaPdY0TKclctEI/SuWl1e5fevjnotdq/XiJuiKNqRK+7g/Zd"
    "H6JQdA7GohH9rXP19e5OjHglY9hBo3t4HhF4F50xIJcuzqmMchM+RSV0jH2XQDCJqs/15B"
    "y2dNDDVDXw69SesMf/TGxGklVZxScpM+TO7uUIfwPnkdFUnCzE/CxlNX4phDZGyRuIFkFu"
    "uRjI3QICqG+MvJomIZlya7MemPEzPcn+eqVT8bzJfPcoouE0IFSXh+1bCadxK177gAu8r7"
    "q3rf7vyYhfJVTIvvp92GlFMHcWSsIWl16/PEByDOXL3U/ASXR0FCH3DUDdEvs1cVQtQKSJ"
    "XrBhk1Oh0+jOG4Y+tM2mOnAtdMhbFzcrGrwWJFsvam1PfHalNcR1+ixktylxKgrApiikVw"
    "2bGvrNGcIRZJVjyxb6rDol6rPgGaS/ntyKXVLcmzlXT2P8380tDhJT57A1zTmeftJG6Upc"
    "XCvGLuy0L5DIowmzqdZEOkWvQuqPf+tFiQ9wdpbEWPeFyHX+xcBPjQRTXfDnZpahbuIMVC"
    "beyJVmuhaCsVC3klHBEzB5uZIgfJwU6Rb8RijcQUPiC5UsdIf8JL5ReW8EHfrgFkZ8FWz9"
    "DiM6JgZ7dc4QZhiwKcyJqQqNAcxoUHb00rGriY1iJwa1H8WaVnfhru1kdRfumusbdeE+ZA"
    "TFYTfRHXv0g49VAOAIWXnb/q4J9PtcgSrvMwJV3scDVVzxpKDiF6Cqs5UKaFauVKe4Ul0c"
    "9Yy+pQm0e+3x+/Zt0S6/2wB/G71LvUO2WKe3MFWJddlDx72VRNVsqZb+Qr4y22wk1VtY/t"
    "rMUjT9GjGmgiWJMvVoVqqcX23xcEgWVpLqnlPtR9ZLg0k8s7opzYJCATSYig2k4QU6efvm"
    "/OI0XqxtKzMmxqgv3xOGyHesY9KPIhTDW49h/LO7jHg0VYpz3EZbEfKS7MNNr1b3kuK+Pd"
    "7yUVvLJgxsnYVsSzG6Kq3SXWUThvfvDbMJB6HJjgzovBlssWVWpjpRbafsdZ/wuXgPIXZQ"
    "wnmSHJM8MFOkcUtqK2acZqVI40bRcqjNY0EQKXaFDa+uqzt5U4onU/aKxCt6AQSzgHAihZ"
    "h4RZ6t32BEmemISeBsnWF1CoENjgRFvquGrRHt9DN6FFKwuC0UwH30eltpRMULQeX8pDmF"
    "avNKUO5j1kLUcQhRPFH7zupas+deYsdy6LsfSxERaklRwxmF08DcUlyE1nAnJJDX5U3K40"
    "KIe468s7lYbZMQUS0t17pIrYuUA+gt6yIJO8UWEG4vZ6oovOENskx63pDNdbU1mehUtxJb"
    "i4QHNLP0OguGKjg4dl0TtVCnAgVeuKd7yTugE+wMQ7KnLkczseDy26rXnDqHyiWnqBWuI1"
    "G4VMHaQv5On2KfXs6j9XFKtNZRGUKEFQxAqpK2kNLm5Qfq8bI1BSGte8uP1Lql1raOAl1H"
    "zivWBzdAUmNaa7Cl0GAdeX1zfIfePBWFNvjxlkl3bUN6U9+mjUS3pPtbM0tj/dPGQoRdKD"
    "JRSjHd4SuV1qGXWyUUy6AyieYYauYjASVDJoEyM+iEmTKZDoMSimQLnVPZR7jpZeDEFNft"
    "Tj+i7lsiKVlLz+KciTnFBfx6hh6dwmNcuh2xzIcFHdkBUP6EIFWW526NGa/MCk0ym+iP9d"
    "v51GrxvtRi8YxPT0mnTr4iKwHyUtc2GDxc3XSHl5D8NtOtEb371un3u9edS8ReiGnqmvhs"
    "Wr1OXwzxu14dvqyK+yEXsloEaNa0WxyPt20bdgt3N4xjnF5jIECyUY2B9XI9/nNiU1UeD2"
    "NbNyyd8jO433819o//TkoBuB+kRhJybzJzQsKEdVpIgbQQbxNUKLMSjKTpGfcxwiqkKey7"
    "tIyQPZlZuMB3mGqPyWZ8wS0y29V2s4fayHWOdDr6x5ktmydHunS9Zg7N6t1atDL7mxRvN7"
    "NZh5NyHCi76XGyN/PLfzuaxb20JTQSbDDhAc08hpj5cuxKK8wdFIhT2ZxAyThpo2qCvcTU"
    "mSmmklWFKdFl1aMTJ5xasvEUTB62QfgjmuE5mDykrSVmhdnu9CMK9UchnnxsMPX5bwJ++j"
    "c2mXxGcJ1DbRaNES6LFQOM6JmQubTVSKn+jU4Rh0or4tZ1nZW6zsox7XYVliHqOitV43pC"
    "2EOszop3BqxrJA3Sl1g/btze9W9aPSgAaM6wMaJfu798vURT/Wk6ou1+d9htw6+CwhJCSq"
    "x7wGFMpDOdKsVDu0JUtZk0j5kURJxCRlKPoBwmUrhtZUykhwjIKNly37H2uu9QgZKhe/SR"
    "AoxahFotio0F15PzmCNDmpkZzM5gBQdHb7lpp3cPKMcp54d7/cvxrcpHUoQ6yGHqOuL8KF"
    "zrUYbmNexH6UrtWOdTfP7+g1cHyJEc9X/JcrNy+UIWu3wddCI/tX/B87nf3lnwTeMFrbc7"
    "9Z5LCAa/3twenQBNqZlukhmzCFjEZL2nGOcSft+3WhDaMAvwIEZYZkas6VS7yOVUu8hwql"
    "3EnWqHiVUpG9C7TrKxx47eWkgVC1PtXx9bY4f590jak/BYhwUyAhBHTqYQ/PvtmTjI5QjO"
    "KFwYNc7OzkZg3xH//1dsP9p4tgPre6aQq188RSN/lFKA6CiY/ofgiqdRAB/eAVsAgwBT4F"
    "KAcx8dJgkJGMxU0PNkops8Fr635akPvByeycLv7JB3NQRpjmExlNb2IoRK3dKLbcBBmhr8"
    "DcD3JP81HDAR0gp6YI7X4+I42mLmuMPYjrozaFv8dzZuJFiNlj82s+xFuhym/NMdtzK0oQ"
    "2V3mSnLpOgV1O3hO4qszrcLsYqm83goobG2FKnTcShTt0E69DYRahZOlCb9hxGuDcNHX9b"
    "nn9EOV5wWQxvgk2IZXhiltsZBpniqj2HyIdH8U+ucELoIzSZQWPxr8CtxLwmAZyIVvdmPm"
    "pDlxvRUKy8eZiqgmr2TmJXJ2AGSzj88nmil9RlxrvRHny7RCp/GdHbaxADxCTaP7ljjynK"
    "hU85ePAplQOfYp2OLWzZCcJfPvyX1HuM1zZtSgGvgkzoP9zedm9/uUQu/Yi2727ue51h5/"
    "oSdvE5+Hq0Ef3S6vbgknNarMOi7Zv//IMnzqjUMyFEU5dYiHcOEfA4ck2hapsxuhraRGht"
    "CkXDilUyjRPW4CaCu9ybiiC7pKphjZXdNU1WrDPzkqIcEUHrJE02wBMpzYBSzXFeCWRh8V"
    "cTSSSayDEk//WPfEfh3u1X8MxxvqWn+PkEZQ5dfJ0ulgqr0FARt9h8nlcc2XfCn68DK9bU"
    "ZPbTVBHrp8DulEpf2n2q4doGiMpMzTUPWFOdi68equM7Lv6J4B4UpUg0EbgVL/zVeIAiUx"
    "Y21wv+DlNW0PR4pMHfeUL+obgpn67F9ghpXQi9tjgnN44jpq5OGwnmZveXZpatGS/HbDUi"
    "sU4vO2B62RqRS9WOWTp//z6PMfX9+3RjKvwWcSeKj6oAwu7wCqL7Lpep+l2GqfpdQpkFJw"
    "SziI4YIKn95AWVvIMeZn/9f52F3A8="
)
