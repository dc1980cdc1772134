from tortoise import BaseDBAsyncClient

RUN_IN_TRANSACTION = True


async def upgrade(db: BaseDBAsyncClient) -> str:
    # Templates gain an output format (email: html and text under one name), kept
    # versions gain their custom variables, publications gain their presentation
    # (template choices, variable values) and the template versions pinned at approval.
    return """
        ALTER TABLE "template" DROP CONSTRAINT IF EXISTS "uid_template_name_ab44d1";
        DROP INDEX IF EXISTS "uid_template_name_ab44d1";
        ALTER TABLE "template" ADD "format" VARCHAR(16) NOT NULL DEFAULT 'html';
        UPDATE "template" SET "format" = CASE "channel_type" WHEN 'slack' THEN 'slack'
            WHEN 'discord' THEN 'discord' WHEN 'webhook' THEN 'json' ELSE 'html' END;
        ALTER TABLE "template_version" ADD "variables" JSONB NOT NULL DEFAULT '[]'::jsonb;
        UPDATE "template_version" tv SET "variables" = t."variables" FROM "template" t
            WHERE tv."template_id" = t."id" AND tv."version" = t."current_version";
        ALTER TABLE "publication" ADD "template_variables" JSONB NOT NULL DEFAULT '{}'::jsonb;
        ALTER TABLE "publication" ADD "template_choices" JSONB NOT NULL DEFAULT '{}'::jsonb;
        ALTER TABLE "publication" ADD "template_pins" JSONB;
        COMMENT ON COLUMN template."format" IS 'HTML: html\nTEXT: text\nSLACK: slack\nDISCORD: discord\nJSON: json';
        CREATE UNIQUE INDEX IF NOT EXISTS "uid_template_name_ad85fb" ON "template" ("name", "channel_type", "format");"""


async def downgrade(db: BaseDBAsyncClient) -> str:
    # Names must be unique per channel type again: a plain-text email template that
    # shares its name with the HTML one is renamed "<name> [text]" rather than lost.
    return """
        DROP INDEX IF EXISTS "uid_template_name_ad85fb";
        UPDATE "template" t SET "name" = left(t."name", 190) || ' [' || t."format" || ']'
            WHERE t."format" = 'text' AND EXISTS (
                SELECT 1 FROM "template" o WHERE o."name" = t."name"
                AND o."channel_type" = t."channel_type" AND o."id" <> t."id");
        ALTER TABLE "template" DROP COLUMN "format";
        ALTER TABLE "template_version" DROP COLUMN "variables";
        ALTER TABLE "publication" DROP COLUMN "template_variables";
        ALTER TABLE "publication" DROP COLUMN "template_choices";
        ALTER TABLE "publication" DROP COLUMN "template_pins";
        ALTER TABLE "template" ADD CONSTRAINT "uid_template_name_ab44d1" UNIQUE ("name", "channel_type");"""


MODELS_STATE = (
    "eJztXeuT2jqW/1dU7JekimTT70zfra0CmtwwoaEX6GTuhFuOsdWgaSP7+tEddjb/+0oyNn"
    "7IxgZM2259SRpZR7Z/R5bOS+f8u7HUVahZ71uOiuy+Pu9i21w1rsG/G1heQvIHv0MTNGTD"
    "2FymDbY80xiFTLtKmj5n3WaWbcqKTS48yJoFSZMKLcVEho10TLu3DANi9Z2OtRUwoaKbKt"
    "AfAHyC5gpYtmzDd8pCxnOE54CMQ4ia4EE3gawuEbaAjFWAsIJUiG1C/oTgs/We3ljVFXJn"
    "QlXgPRyM/nKgZOtzaC+gSe70/U/SjLAKf0KL/vxOYDHJVcleGdBFif1EaoP0/N7QFcUxTa"
    "hKst34k9Iaj9IDgpoa4gHpTS6xdncg0tZG8x62P7G+9HVnkqJrzhJv+hsre6FjnwBhm7bO"
    "IYYmeWN6B9t0KEOwo2lr5nk8ct9s08V9pQCNCh9kR6NspdTuA2zaGpI0GE6kcXciSY0Yyz"
    "2KAIfWTYqO6XQhj2oxAOb0Ed797fT07Ozq9MPZ5ceL86uri48fPpK+7Hnjl65+uQ+zQcsd"
    "imHW+703mNAH0smcdGcrbfjFaGRbdqkY5zbokxmhmxL7FeNCZyGbfB6EqSK8IC8Z5YWHfB"
    "ozvIYNNzbflA+9tbJsuGwUxZKl/FPSIJ7bC/Lz9MOHFLi/tkadz63RG9LrbRj0wfrSqXuN"
    "4h/Cmz5UPqzXFMfDuchpH8L4JBPGJykYn8QxjqxKWYGOkNUQ7YssYF8kY32RBDVvDd8KNH"
    "chrwPMl+cZYL48T4SZXgrDrEJbRq4kEgb57+PhgA9ygCQCsYoUG/wf0JAV2zMPtk7/14OD"
    "2boFZg7SbCJovKe3/e+iVu4UwClEdOSlZf2lBYF+c9v6R5QHnf6wzSDTLXtuslHYAO0IQ0"
    "xIwLDyTvww1U4zfy2hvJaJHxQhY0DfEJhstIR8sCOk0Y9gTfve+6OKq44JZXVIxP71vEgB"
    "f9K77Y4nrdu70Jdw05p06ZVT1rqKtL65jDDKHwR8600+A/oT/HM46EY/GL/f5J8N+kyyY+"
    "sS1p8lWQ0I2V6rh1pUTCICJu/rStQLgiTbtYMKfFqufnB6cn51/vHs8txXC/yWNG3Alfyp"
    "0vXwmCz4x+H9pJsQzfEXuGIo98gjyVjhCURr3fnOpNqjIWvVQ/iXN4W81s0jmvKzr6qGZh"
    "YBgLw2tBkE5AHA4L7fbzCgZ7Ly+CybqhRCnF7RT/VIi983fml5uoy2yFieM3joe9CnjmHP"
    "MWqEGJNs0DBC3bYbNIABTYvs67oJLGg+IQUCeyHbYKGTJwa2/gix9Rv4QR/mB0CkZQHB37"
    "9NwA/Lmf3gGC/2H2+7oSKX7eG1GB72WliaKSYFhWxL9k5bdphS7NhV2rEdQ92R62FKwfWy"
    "cN3DKMD29dNvuJ7XcHhYk+HLLqPFGwtVZBmavMptno3SHdFAW2HTLFzKSMsDs09QP03+7D"
    "QLwKRXIsDsWsRoomsJ07iLnWVM3wibTta0R5zK1BUGzZwTutG6ue0Nrl3v2hR3b3qT4ega"
    "QBURHWKKR92vve63LmlxXW2QtHktgfvltaJfZjGiR7eJgA39MsoqZEnU7/DE4VdbJ6yQcY"
    "KMHKSL8GpGCItilrfwH9e02B4O+6GNut2LOOAG97ftLsGeQU86ITvgl4tp58laZEBvZw5o"
    "iMlDQ45BuL0m//RlBDU5wXOU5Pau1oqVpL6HDUmGYepPRLo0nJmGFIbInrDdbUaqKWgCqx"
    "wTTIOmve+HSMeoET5F2ryIuIAx5Fq8vEvNNHuXEui01do10PE7CyomtIEFbZuAYQGN7G4A"
    "YfCDvPcDmv/4bW2kaoJHuHLjaVjDuxmUKXzgftQnzSYk1w07ZgA7/C2mmIUCyRZQkLEgMw"
    "v+tNlo7m2kTesP8MaCEKg6EWTxe8VcGbb+Flg6kAG17sxki1x0lsYUqzq0ANZtQLb+R2qD"
    "WwrTmzC9CSOMML0JrgvTWw1Nb8nBY9ttFVWIIGt0b1u9/jVgNqwpHvdbnS/XwNKIjDbFN7"
    "1xZzi6uQYqsmg88RR/67Y/D4ekxzOcLXSd9BmNx9fAtKxy2CtcQSnOsOT4qA2FCI8KrXiH"
    "CI+KSZpxzkxIK58zXOI6mFjTNp/uPybpXPD3nv5w8LvXPcqaCBds2XY4qmm2VWxDfUSb68"
    "Z4mMvm2pn0vnavgUs9xXet+3GXLF+G7FhQZetZq93vugsafT61HKuWC7FEZBSLFxOe8olE"
    "CcXnkf/zoMhIGloiWzKgKZFlR8ccpfSTpssJbEgcIcKOBzpErRhyM7wnHxS4G3U7vXFvvY"
    "P40jG7GLZ4j7qtfjL+M8e0OHtEoj2ARypi/jz7wAbimSljNV8YZZBEQLo1jJLBxVk08oZR"
    "tr1xqoVu1hDK4KzKHUIZcEyY8AGakCC5p8V97Mzo+86geecPWR7l7LAeCvLCRCra311444"
    "6TxVNYGZz29FRkdZndyng10em/WaOqc/nNymWdSVkT2NtJ0UDl8LuadCJC1e+1dti4qOom"
    "48sjXEVAX68tPufWPdbE66v2wtSd+SJKGnAJhdamTmvcad0wQUaKehl+pTqpNstLg+OnCl"
    "xtprmqrHC/rd6qEZTJqxBiMFu5hh3qKvpP3aS/ZQyIOgFNLGsAqeANPQKu0EBr6k1aW3UA"
    "DS5gq+vbeKT2wUcXziPhPKrI/lFRN4JwHr1GrmdxHr1wrGuJvEeFRLp6e2HO88ERsrpBXY"
    "ij7mXdoHWPiZdt8ggzx+bpjsm+tTCV8K8d3L9GN9T/1XG+9CYBmiNO/vtJ5zjz//DJBzRd"
    "kZNOLPAx3lAcEWGIjwNwUf6vV+igvB+M79vjzqjXpk5JB/uavjrF7eH9oEObZzpZxGhLZ3"
    "h712/1BrRR0ZeGRhhUFhcmvR3EtjQn74V3UR059AdQJcppJq+g5hBXGD2OPSN7oZry8z5c"
    "j44hOF82zu90Rkm4aarhpinnt5IOEyT7xL7nbbp4Ls/hkgzUpaPVFCnZstAcL/eHq+UPVK"
    "dvr8hDStx1K9UTFF7fsviEJCNMstU9NMQQmPozTbgD3mzGaQJbN5DSBGs32NtrsCC99Acb"
    "4qbrv1lAzA7/2DoNoLMdcxZ3Dx18dI576HvEJcaGpn94Hrw/Iw6k726XtT0t7Ax8YNn4sL"
    "ISuYlLmptYOKSSGVRN14RwSL1GrmdxSG1W4xjTs1mDQgMc0SCElkuoIjJqXptQ7/a2e9Mj"
    "0F8Df4wpvmn1+n9cA1VG2ooeu+l+oT+fIXykvwfdrzRTCKbJ/cth//nLQdCWFrpjWhLhjM"
    "k76ZH4wXKJk77bWur/oe+Q+w1uwP/4lvfd0U8ukSOQF5uajR+QG8kuuJGTGxGZM1vEUpho"
    "pyjs0m1dB45sD+hBuaCN0Ql0OegGtaaMwAZJBKbbDw6ENdk9Tw+EI0orBnTWMwSxT5cbrB"
    "ufxwfAd+KNU1Nogx/vdlQD8dJ74hrI2FNTZMNbOR/bZJdKsTZKwyCSi+W+OMc0ubncTLdI"
    "hjtuTyGuqrQ/tIhaA5aOZbv6DLAgy2sE5DnBE7whWp+69oE3fbe33QTkhRxZ4wSoH3BcEZ"
    "pertB02WUt3zaQEIO2IaldxpNisrMmnEJPK2ez1/Hzsi3pUYwzQZyCcOYiTsnn/JOLOFUx"
    "XvXYB/yF/yB5rlfTkpzkP8gRpVKkSOWqCRxhytcfksUoX1XZKkAlM1mILeUSW8QC9FoWIO"
    "HArDPXszgwLc3h5J9LFp69/rVTTgop6Vv+U17VPkUXfLIYzGn6SYhM6CiZdBQRU13iuE6R"
    "0qX4lC5M19ktoUvQU5GQzsXXpA6UzMVNzcXR6vycXclanZ8eLFt4rkbTpLyht2mSv+c6NV"
    "BrNByjCR503abhtNSazf7XFSRrQEP40XoLLLITQpVlZqGx/yDgoolF6R76JlPMCnZaBGrF"
    "tgCyfwMyCDAELOUVICx5JJcsoD9jYWIXumqVtpqKai1CV32NXM+iq4rSAUXqUnRPlRwzV3"
    "qdIE0dcjnHYM6IcyrQMaQNEy1lc0Vx5NWyT4Y7RnhEzfU/TuSrM/ixKAW28JwNLMn1Tqhz"
    "SI+J++mH05PT86ri7ormeYwzGwphl8lfO4FpQLkrL0fIagD8ETbMNWi5c9JF6eq3cRYS6O"
    "Mq9RJT6uNwJ2f1itKJvF7pq07GvF47WYNDSZF3NgVnD78t2VeSKf+BqGL7cgkQJpDG1TLL"
    "azwYxrvWTI2HCfbaajydLCBAKsQ2sldAfwAy8Oh/Y1ZHVgOV5kWxaCVU7wm+QpOGLdOKp8"
    "yEGTJbxmynBdxjih8hNCxgsp2MVnKlGZFofVXwtKZDNniWLeDVsWYdkvMjeIKHF3bOJnKT"
    "2dmXsh3LjyBMrMLEWopFqqLGNmFifY1cL7+J9aX5WrzOGNvgYjhvTxkRHaPM2NesXutaHt"
    "mRcRvqIxpYFvZSy6lnNj5PbgnPKOUUU7vTNRMSt7OP6obX4F9WXAp9GXYpjmnSfJ1roTSH"
    "bMihPN7p8JNSC4obeJ9kE9H3zGWOCRGVwxZD71dpW0zIfCCziZtLEwrRiOqJW5MguHjFAc"
    "5/QD9gLagWwlkPkoemViiybURk1VGvM8lWQlFZIE01IWcNz2MRqx/e4QXZ3a32NBtGTEDl"
    "ESarYTv0YEsxIQaQ3W5JDMoghz1k9z1krfRuI4xtL2lsyy+qvoiIWnqEg35Dx1Q4ynZKmX"
    "qfosyqdWljEIRaUEK1QBjxkxecappzsxjxfRkiX068MJXYVbZrhEFB6ng6YdlAzqoURiZY"
    "mdKLBWMmOBJ8JKQiWXqPeOQLzY7xPVhTjN7XWkie11xI7sJN/uLrQo13WOEmrxvXs7jJbW"
    "RrOauYrglqoVFGon0zOcrPUhzlZ5zgamdJj7rkUts3JDUIYD+21j7T1Vxoe/0F1LmhNkyk"
    "m8jeuWZIkP6I8GMavpA7lmAwHN22+gR6Rj3Fn3u/f74GCzRfTHFn1Jv0OvQqobCJuBw7+f"
    "9Ch8WqV+BXNeUHOy9vbkatT5NrwGinuDeQRt2vve63a4CwZMInBJ+nuHV3Nxp+pTV8vVje"
    "KR53Pndv7vu00VIWUHU02np33+73xp97g9+vwVoNIUz022nvdTPt/anVYwM8yIhRd1qDTp"
    "e1KBRV0laOuRBQqHIKeGFKUSO2PPJcXIy3nNkS2bsJ8lFawekyc9pbxXZgdIRU8LnMfPa3"
    "mt1XbsHpSnBadlREs8ERkcXStR0/7YQxBOfLzHlPUtzF5homFXwuM5+pjuCY9OPk13pISS"
    "YRo6zDaftjGyxcXZCwh+fgTAY/QiaQz4+87ylVFjri5lBNDqnh0ZYjsqbyyQ+4LNop7olP"
    "LdhUHJsMxAuQzsAhj3Av5lRnPSuEC74KPVvli0mKE4pzKvFYVyJFLfScpWVDNALUOKgsGX"
    "I+TIMkAtKt0XPuFIzjmzt27o68hYIMuUa5gZqR2LnQ5xqKnCNPAAb3/X4jacUVAGcCOLbT"
    "ZEDZT5i+J75+bvZ6YhtcFxNQzXIYkNChJ2iifWtK3LjjrIoSql8A8dCshE+Qdt8Loy6ey3"
    "O4JAN1n2AlQ7+zQfXTIBNqeQC8/IHqBFWukOvA5qNBk2Oa9fAcYjjRyT/bUW15A9VjXfwV"
    "j0qPVH8/ROmWncu/V6poi/+W0XItsUSK4aItwZIs0XIt8YIuBynawvFgJCbEzM3tPYrSV4"
    "rfgffMyfFwUfudeR4oUpOD66mnTnxBhHPkJCikJJ83UYO9ij1sEgdqHfFGegaPomD405Zk"
    "m9rPbHYehV6msjWi6Y+X0LIIGHSEfAdV2mj+Ws6q/O309Ozs6vTD2eXHi/Orq4uPH3zFO3"
    "4pTQNv936nSngzaLMTJ1r2YVA1zzaIEy2vketZTrSQNXlp6DbEyoptiDHWJ59t4ZCKijtZ"
    "kkGaUEEG4maSSkY7RFTD00RFFd2pYEy/AbFKgcuHe+OuO7hxg/Bd+in+n/vuPY2sJ/d2WP"
    "y+18PyepCWCftpT/FNt9/72h1RgrVUyYvXv+m2WAeZjnd/dzfqjsfsQIBjGGRZsth9vvTu"
    "7ljjIzKMskT0r0VSzlwYL2VNS3aUBeiOlxPhQ7Ei5tnp1aUvVNIfaWLk+LbV78cdZFFBP6"
    "fYwCEX4XjlERXiEqImW7YETZPnskuOBgtTiWCw/MFgDDxpgSxb552MTQ5hiRGWI76oVgmW"
    "eIaNHGJdAnkdPpOIfHeRZUMnvZKluwtOdT+8y84TIBM7Tpl3HF8O3YHJUVrB6TJzOmyjzx"
    "huFSYS+co4QWxxo31GbOOEAl9ellFnRp9jBnNGX8boRLhgQqGBvEntw0QC1u1Z7cMp6/aN"
    "FMxVfLBsy0PWgLb46shPZsjZ4g6A8R4u/4rgG97Zt2O7WU4PAO84NFi11oqsAMf2nwzBru"
    "uV9QAIf92MVE94w5vQHiGvIpQzDfZCCztEYePE6HCQTQ7VgX5nCfq9t5aK/RHYan4AZAFF"
    "NxBUwYOpL1nlVS8CiJZsNaD5LtAfUL0WWCxiGmBIqLAO/qUj/D7qkSnwNruFFukKK8Wl+g"
    "FE3v29GC06xUUAUTkDiBiAMfyzeVw92jK7uBtrV+kfvqd0NcXDu+7gGugGxFPc6fdowTyF"
    "TOrHKW4P7wed7jWY6Q55Y3J1eHvXb/Wo51XR6SFTRN2v94PxfXvcGfXapKuD/Q26HM7T4P"
    "cY42y6IS5CWsP4oDoZ4pAlLWVlgTDnC27rugZlnLCEhggjXJ4RyqIY67ccl7Pt4bAfYmq7"
    "F/Xl3d+2u+Q7Y9wknZAdWj8D0gS0ZbqY5vHtBWnK4darVdoAEyoQ7ZZTKkJaw/WuovGQWa"
    "JgI2JmdgkyQlgnY/lRpEnhshAui4qCm2JbDx7P2dNmVsNDy82I1Syyhm43+wrXxXFcF8K8"
    "XpB5PdkEXKRls2VZhGPLBKNm4GozzZ4ph/sduEQtDJ2nD0zAverUChvgsWyA7uzYLSlvmF"
    "QoUFVSoDbfbT7pMkYnZPfSye51R/el4o3qiGuKUhTe2veUJmuZdycqTsYWx+0i+0sEa1QV"
    "3pRojZKpQ1VFOF0feuHav4ElhBfjEVpgUsI7wv2KzMWSS+V5LfqOKPAr9BiRDkVwfa90KO"
    "z/GL+Tj296/cscrZSdr8WnPllC8ggKH+HtsWEb6iNm46ARXRIdtZEP9gYNCJNGZFK7UWFs"
    "jHVo2LqZxYdtxn7xIK8K5ko5QP3T0f1gwLKimA7GLCsKC9DrTlhRUhqgR8TUElcqJbibO1"
    "awDFGKA7Ll2Zg4dlUC4S48DtIJDpeZwyLuRRx7LLkZJ2vsQJaTTRv38Z7Hm8L+6pogz7Pl"
    "7olT/ey4hR7/8uDimAQDSCbbAwMG+GJjI9jD7RUVIUyEe5oIhdlgo99kMhucpJgNTuJmg2"
    "eyGS84om/ixN0QHE8UOin15A2czkO2lmu2+gT1y0p2lmm2nqXM1jNOyllnuZR5Mb/JSRID"
    "JHUAOU0tKyJD4kxXc8Ht9RdY58caWdIzwpjn+952PnBDJ44H5jgeKELqRHBSibSu5m7BSV"
    "lsAi9Q4K+cq3m6PUCYTlKhKvToBCtIxzs14VWqSzkw4XcptlDTxhEXCEDJlytFWAT2tAhU"
    "0JV6sLIT8TIT/NISd63RpNfq9/+QvCIThmzaSNa0leSVmwiXn9jF4Xp6niWM4Tw5iuE8qt"
    "+JgLBk6KsZGpQlIOwBmZYt7ZORmj+CcMqW2Snrx3/s8rVHaAWnS83p9do84+f+SE5CHqUT"
    "aREqkNOj8sJnigljMyMPYMK4I2+iIEPOYp8r2STOasCIfcEHOKyfMc7Eq4R+nCiTstZ73j"
    "/GZC+dvrcpZDmCim6G1ePETs00XT9YHNPc9D9wIIDhfZyS51HWDToj1vODVuUU6RIqkS4h"
    "zsms3tk4ZQ2jCgo5jBD6VrLCHSKqIdKXWcwll8nmksuYuSRnWeGDlhIuFbSFTOIHcn9o0k"
    "UgVznhCFkN0T78RCbKJnne3JkhQ2R1csEeOS+kMLsmM6ReZteYbvsyeQFa0ETKosFz9rlX"
    "UjUAedNH5AI48spUmFvvCZpWToExQFLDXfb04iKLTHNxkVLW9SJWqZ18VDkQXnevIbqFBF"
    "OTO9rc8KbkZPMBkuPnmn8Z/8XBssq/6Gb26/8BudBMhw=="
)
