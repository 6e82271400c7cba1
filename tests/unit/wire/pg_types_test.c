/* Tests for src/wire/pg_types.c: text and binary encodings of every supported PostgreSQL type
 * decode to the same universal value (vectors captured from a PostgreSQL 15 server with
 * TimeZone UTC, DateStyle ISO, IntervalStyle postgres), edge cases the server cannot produce,
 * malformed and random bytes giving errors not crashes, the scratch buffer, parameter encoding,
 * and the SQLSTATE mapping. */
#include <criterion/criterion.h>
#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/buf.h"
#include "wire/pg_types.h"

struct vec {
    uint32_t oid;    /* column type */
    const char *sql; /* expression the server evaluated */
    const char *txt; /* text-format output */
    const char *bin; /* binary-format bytes */
    int32_t binlen;  /* length of bin */
};

/* Generated: SELECT expr (psql -A -t) and COPY (SELECT expr) TO STDOUT WITH (FORMAT binary). */
static const struct vec vecs[] = {
    { 16, "true", "t", "\001", 1 },
    { 16, "false", "f", "\000", 1 },
    { 21, "0::int2", "0", "\000\000", 2 },
    { 21, "(-32768)::int2", "-32768", "\200\000", 2 },
    { 21, "32767::int2", "32767", "\177\377", 2 },
    { 23, "0::int4", "0", "\000\000\000\000", 4 },
    { 23, "(-2147483648)::int4", "-2147483648", "\200\000\000\000", 4 },
    { 23, "2147483647::int4", "2147483647", "\177\377\377\377", 4 },
    { 20, "(-9223372036854775808)::int8", "-9223372036854775808", "\200\000\000\000\000\000\000\000", 8 },
    { 20, "9223372036854775807::int8", "9223372036854775807", "\177\377\377\377\377\377\377\377", 8 },
    { 20, "123::int8", "123", "\000\000\000\000\000\000\000{", 8 },
    { 26, "4294967295::oid", "4294967295", "\377\377\377\377", 4 },
    { 700, "1.5::float4", "1.5", "\077\300\000\000", 4 },
    { 700, "(-0.1)::float4", "-0.1", "\275\314\314\315", 4 },
    { 700, "3.4028235e38::float4", "3.4028235e+38", "\177\177\377\377", 4 },
    { 700, "1e-45::float4", "1e-45", "\000\000\000\001", 4 },
    { 700, "1234567::float4", "1.234567e+06", "I\226\2648", 4 },
    { 700, "'NaN'::float4", "NaN", "\177\300\000\000", 4 },
    { 700, "'-Infinity'::float4", "-Infinity", "\377\200\000\000", 4 },
    { 701, "0.1::float8", "0.1", "\077\271\231\231\231\231\231\232", 8 },
    { 701, "(-0)::float8", "0", "\000\000\000\000\000\000\000\000", 8 },
    { 701, "'-0'::float8", "-0", "\200\000\000\000\000\000\000\000", 8 },
    { 701, "1e300::float8", "1e+300", "~7\344<\210\000u\234", 8 },
    { 701, "5e-324::float8", "5e-324", "\000\000\000\000\000\000\000\001", 8 },
    { 701, "2.2250738585072014e-308::float8", "2.2250738585072014e-308", "\000\020\000\000\000\000\000\000", 8 },
    { 701, "123456789012345678::float8", "1.2345678901234568e+17", "C{i\264\272c\0175", 8 },
    { 701, "'Infinity'::float8", "Infinity", "\177\360\000\000\000\000\000\000", 8 },
    { 701, "'NaN'::float8", "NaN", "\177\370\000\000\000\000\000\000", 8 },
    { 25, "'hello'::text", "hello", "hello", 5 },
    { 25, "''::text", "", "", 0 },
    { 1043, "'h\303\251llo w\303\266rld'::varchar", "h\303\251llo w\303\266rld", "h\303\251llo w\303\266rld", 13 },
    { 1042, "'ab'::char(5)", "ab   ", "ab   ", 5 },
    { 18, "'x'::\"char\"", "x", "x", 1 },
    { 19, "'pg_class'::name", "pg_class", "pg_class", 8 },
    { 114, "'{\"a\": [1, 2, {\"b\": null}]}'::json", "{\"a\": [1, 2, {\"b\": null}]}", "{\"a\": [1, 2, {\"b\": null}]}", 26 },
    { 3802, "'{\"b\":2, \"a\":[1,2.50,\"x\"]}'::jsonb", "{\"a\": [1, 2.50, \"x\"], \"b\": 2}", "\001{\"a\": [1, 2.50, \"x\"], \"b\": 2}", 30 },
    { 3802, "'\"str\"'::jsonb", "\"str\"", "\001\"str\"", 6 },
    { 17, "'\\x00ff10'::bytea", "\\x00ff10", "\000\377\020", 3 },
    { 17, "''::bytea", "\\x", "", 0 },
    { 1700, "0::numeric", "0", "\000\000\000\000\000\000\000\000", 8 },
    { 1700, "1::numeric", "1", "\000\001\000\000\000\000\000\000\000\001", 10 },
    { 1700, "(-1)::numeric", "-1", "\000\001\000\000@\000\000\000\000\001", 10 },
    { 1700, "0.000001::numeric", "0.000001", "\000\001\377\376\000\000\000\006\000d", 10 },
    { 1700, "123456789.987654321::numeric", "123456789.987654321", "\000\006\000\002\000\000\000\011\000\001\011)\032\205&\224\0258\003\350", 20 },
    { 1700, "(-0.5)::numeric", "-0.5", "\000\001\377\377@\000\000\001\023\210", 10 },
    { 1700, "1.50::numeric", "1.50", "\000\002\000\000\000\000\000\002\000\001\023\210", 12 },
    { 1700, "100000000::numeric", "100000000", "\000\001\000\002\000\000\000\000\000\001", 10 },
    { 1700, "10000::numeric", "10000", "\000\001\000\001\000\000\000\000\000\001", 10 },
    { 1700, "9999.9999::numeric", "9999.9999", "\000\002\000\000\000\000\000\004'\017'\017", 12 },
    { 1700, "12345678901234567890123456789012345678901234567890.123456789012345678901234567890::numeric", "12345678901234567890123456789012345678901234567890.123456789012345678901234567890", "\000\025\000\014\000\000\000\036\000\014\015\200\036\322\004\322\026.#4\015\200\036\322\004\322\026.#4\015\200\036\322\004\322\026.#4\015\200\036\322\004\322\026.#(", 50 },
    { 1700, "1e-30::numeric", "0.000000000000000000000000000001", "\000\001\377\370\000\000\000\036\000d", 10 },
    { 1700, "round(2.5::numeric, 0)", "3", "\000\001\000\000\000\000\000\000\000\003", 10 },
    { 1700, "12345::numeric(10,-2)", "12300", "\000\002\000\001\000\000\000\000\000\001\010\374", 12 },
    { 1700, "1e100::numeric", "10000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000", "\000\001\000\031\000\000\000\000\000\001", 10 },
    { 1700, "'NaN'::numeric", "NaN", "\000\000\000\000\300\000\000\000", 8 },
    { 1700, "'Infinity'::numeric", "Infinity", "\000\000\000\000\320\000\000 ", 8 },
    { 1700, "'-Infinity'::numeric", "-Infinity", "\000\000\000\000\360\000\000 ", 8 },
    { 1700, "0.00::numeric(5,2)", "0.00", "\000\000\000\000\000\000\000\002", 8 },
    { 1082, "'2000-01-01'::date", "2000-01-01", "\000\000\000\000", 4 },
    { 1082, "'1999-12-31'::date", "1999-12-31", "\377\377\377\377", 4 },
    { 1082, "'2024-02-29'::date", "2024-02-29", "\000\000\"y", 4 },
    { 1082, "'0001-01-01'::date", "0001-01-01", "\377\364\333\371", 4 },
    { 1082, "'0001-12-31 BC'::date", "0001-12-31 BC", "\377\364\333\370", 4 },
    { 1082, "'4713-11-24 BC'::date", "4713-11-24 BC", "\377\332\231\025", 4 },
    { 1082, "'5874897-12-31'::date", "5874897-12-31", "\177\332\227\014", 4 },
    { 1082, "'infinity'::date", "infinity", "\177\377\377\377", 4 },
    { 1082, "'-infinity'::date", "-infinity", "\200\000\000\000", 4 },
    { 1082, "'1970-01-01'::date", "1970-01-01", "\377\377\3253", 4 },
    { 1083, "'00:00:00'::time", "00:00:00", "\000\000\000\000\000\000\000\000", 8 },
    { 1083, "'23:59:59.999999'::time", "23:59:59.999999", "\000\000\000\024\035\327_\377", 8 },
    { 1083, "'12:34:56.5'::time", "12:34:56.5", "\000\000\000\012\213\341\275 ", 8 },
    { 1083, "'24:00:00'::time", "24:00:00", "\000\000\000\024\035\327`\000", 8 },
    { 1266, "'12:34:56.123+05:30'::timetz", "12:34:56.123+05:30", "\000\000\000\012\213\333\374x\377\377\262\250", 12 },
    { 1266, "'01:02:03-08'::timetz", "01:02:03-08", "\000\000\000\000\335\350x\300\000\000p\200", 12 },
    { 1266, "'01:02:03+00'::timetz", "01:02:03+00", "\000\000\000\000\335\350x\300\000\000\000\000", 12 },
    { 1266, "'01:02:03+05:45:30'::timetz", "01:02:03+05:45:30", "\000\000\000\000\335\350x\300\377\377\257\006", 12 },
    { 1114, "'2000-01-01 00:00:00'::timestamp", "2000-01-01 00:00:00", "\000\000\000\000\000\000\000\000", 8 },
    { 1114, "'1999-12-31 23:59:59.999999'::timestamp", "1999-12-31 23:59:59.999999", "\377\377\377\377\377\377\377\377", 8 },
    { 1114, "'1970-01-01 00:00:00.1'::timestamp", "1970-01-01 00:00:00.1", "\377\374\242\376\304\311\246\240", 8 },
    { 1114, "'2024-06-15 13:45:30.25'::timestamp", "2024-06-15 13:45:30.25", "\000\002\275\354\266\315#\020", 8 },
    { 1114, "'0044-03-15 12:00:00 BC'::timestamp", "0044-03-15 12:00:00 BC", "\377\032\371\350\373F\320\000", 8 },
    { 1114, "'4713-11-24 00:00:00 BC'::timestamp", "4713-11-24 00:00:00 BC", "\375\017\231\203\353\012\340\000", 8 },
    { 1114, "'294276-12-31 23:59:59.999999'::timestamp", "294276-12-31 23:59:59.999999", "\177\377\377[\263\262\237\377", 8 },
    { 1114, "'infinity'::timestamp", "infinity", "\177\377\377\377\377\377\377\377", 8 },
    { 1114, "'-infinity'::timestamp", "-infinity", "\200\000\000\000\000\000\000\000", 8 },
    { 1184, "'2024-06-15 13:45:30.25+02'::timestamptz", "2024-06-15 11:45:30.25+00", "\000\002\275\353\011\245\333\020", 8 },
    { 1184, "'1900-01-01 00:00:00+00'::timestamptz", "1900-01-01 00:00:00+00", "\377\364\311\356|\013\200\000", 8 },
    { 1184, "'0001-01-01 00:00:00+00 BC'::timestamptz", "0001-01-01 00:00:00+00 BC", "\377\037\306=\033\261 \000", 8 },
    { 1184, "'infinity'::timestamptz", "infinity", "\177\377\377\377\377\377\377\377", 8 },
    { 1184, "'-infinity'::timestamptz", "-infinity", "\200\000\000\000\000\000\000\000", 8 },
    { 1186, "'0'::interval", "00:00:00", "\000\000\000\000\000\000\000\000\000\000\000\000\000\000\000\000", 16 },
    { 1186, "'1 year 2 months 3 days 04:05:06.789'::interval", "1 year 2 mons 3 days 04:05:06.789", "\000\000\000\003l\227\312\210\000\000\000\003\000\000\000\016", 16 },
    { 1186, "'-1 year -2 months'::interval", "-1 years -2 mons", "\000\000\000\000\000\000\000\000\000\000\000\000\377\377\377\362", 16 },
    { 1186, "'1 day -1 second'::interval", "1 day -00:00:01", "\377\377\377\377\377\360\275\300\000\000\000\001\000\000\000\000", 16 },
    { 1186, "'-1 days +02:00:00'::interval", "-1 days +02:00:00", "\000\000\000\001\255'H\000\377\377\377\377\000\000\000\000", 16 },
    { 1186, "'1 mon -3 days'::interval", "1 mon -3 days", "\000\000\000\000\000\000\000\000\377\377\377\375\000\000\000\001", 16 },
    { 1186, "'-3 days -04:00:00'::interval", "-3 days -04:00:00", "\377\377\377\374\245\261p\000\377\377\377\375\000\000\000\000", 16 },
    { 1186, "'100 hours'::interval", "100:00:00", "\000\000\000S\321\254\020\000\000\000\000\000\000\000\000\000", 16 },
    { 1186, "'-0.000001 seconds'::interval", "-00:00:00.000001", "\377\377\377\377\377\377\377\377\000\000\000\000\000\000\000\000", 16 },
    { 1186, "'1 year -1 mons 1 day'::interval", "11 mons 1 day", "\000\000\000\000\000\000\000\000\000\000\000\001\000\000\000\013", 16 },
    { 1186, "'178956970 years 7 mons'::interval", "178956970 years 7 mons", "\000\000\000\000\000\000\000\000\000\000\000\000\177\377\377\377", 16 },
    { 1186, "'-178956970 years -8 mons'::interval", "-178956970 years -8 mons", "\000\000\000\000\000\000\000\000\000\000\000\000\200\000\000\000", 16 },
    { 1186, "'2147483647 days 2562047788:00:54.775807'::interval", "2147483647 days 2562047788:00:54.775807", "\177\377\377\377\377\377\377\377\177\377\377\377\000\000\000\000", 16 },
    { 1186, "'00:00:01.5'::interval", "00:00:01.5", "\000\000\000\000\000\026\343`\000\000\000\000\000\000\000\000", 16 },
    { 2950, "'a0eebc99-9c0b-4ef8-bb6d-6bb9bd380a11'::uuid", "a0eebc99-9c0b-4ef8-bb6d-6bb9bd380a11", "\240\356\274\231\234\013N\370\273mk\271\2758\012\021", 16 },
    { 2950, "'00000000-0000-0000-0000-000000000000'::uuid", "00000000-0000-0000-0000-000000000000", "\000\000\000\000\000\000\000\000\000\000\000\000\000\000\000\000", 16 },
    { 1007, "'{}'::int4[]", "{}", "\000\000\000\000\000\000\000\000\000\000\000\027", 12 },
    { 1007, "'{1,2,NULL,-3}'::int4[]", "{1,2,NULL,-3}", "\000\000\000\001\000\000\000\001\000\000\000\027\000\000\000\004\000\000\000\001\000\000\000\004\000\000\000\001\000\000\000\004\000\000\000\002\377\377\377\377\000\000\000\004\377\377\377\375", 48 },
    { 1005, "'{1,2}'::int2[]", "{1,2}", "\000\000\000\001\000\000\000\000\000\000\000\025\000\000\000\002\000\000\000\001\000\000\000\002\000\001\000\000\000\002\000\002", 32 },
    { 1016, "ARRAY[9223372036854775807]::int8[]", "{9223372036854775807}", "\000\000\000\001\000\000\000\000\000\000\000\024\000\000\000\001\000\000\000\001\000\000\000\010\177\377\377\377\377\377\377\377", 32 },
    { 1000, "'{t,f,NULL}'::bool[]", "{t,f,NULL}", "\000\000\000\001\000\000\000\001\000\000\000\020\000\000\000\003\000\000\000\001\000\000\000\001\001\000\000\000\001\000\377\377\377\377", 34 },
    { 1009, "ARRAY['a','b c','','NULL','null','with\"quote','back\\slash','com,ma','{br}',NULL,'tab\011x','\303\274n\303\257']::text[]", "{a,\"b c\",\"\",\"NULL\",\"null\",\"with\\\"quote\",\"back\\\\slash\",\"com,ma\",\"{br}\",NULL,\"tab\011x\",\303\274n\303\257}", "\000\000\000\001\000\000\000\001\000\000\000\031\000\000\000\014\000\000\000\001\000\000\000\001a\000\000\000\003b c\000\000\000\000\000\000\000\004NULL\000\000\000\004null\000\000\000\012with\"quote\000\000\000\012back\\slash\000\000\000\006com,ma\000\000\000\004{br}\377\377\377\377\000\000\000\005tab\011x\000\000\000\005\303\274n\303\257", 120 },
    { 1015, "ARRAY['x','y z']::varchar[]", "{x,\"y z\"}", "\000\000\000\001\000\000\000\000\000\000\004\023\000\000\000\002\000\000\000\001\000\000\000\001x\000\000\000\003y z", 32 },
    { 1231, "ARRAY[1.5,NULL,'NaN',0.00]::numeric[]", "{1.5,NULL,NaN,0.00}", "\000\000\000\001\000\000\000\001\000\000\006\244\000\000\000\004\000\000\000\001\000\000\000\014\000\002\000\000\000\000\000\001\000\001\023\210\377\377\377\377\000\000\000\010\000\000\000\000\300\000\000\000\000\000\000\010\000\000\000\000\000\000\000\002", 64 },
    { 1022, "ARRAY[0.1,1e20,'-Infinity','NaN',-0.0]::float8[]", "{0.1,1e+20,-Infinity,NaN,0}", "\000\000\000\001\000\000\000\000\000\000\002\275\000\000\000\005\000\000\000\001\000\000\000\010\077\271\231\231\231\231\231\232\000\000\000\010D\025\257\035x\265\214@\000\000\000\010\377\360\000\000\000\000\000\000\000\000\000\010\177\370\000\000\000\000\000\000\000\000\000\010\000\000\000\000\000\000\000\000", 80 },
    { 1021, "ARRAY[0.1,1e7,1.5]::float4[]", "{0.1,1e+07,1.5}", "\000\000\000\001\000\000\000\000\000\000\002\274\000\000\000\003\000\000\000\001\000\000\000\004=\314\314\315\000\000\000\004K\030\226\200\000\000\000\004\077\300\000\000", 44 },
    { 1182, "ARRAY['2000-01-01','0001-01-01 BC','infinity']::date[]", "{2000-01-01,\"0001-01-01 BC\",infinity}", "\000\000\000\001\000\000\000\000\000\000\004:\000\000\000\003\000\000\000\001\000\000\000\004\000\000\000\000\000\000\000\004\377\364\332\213\000\000\000\004\177\377\377\377", 44 },
    { 1115, "ARRAY['2024-01-01 10:00:00.5','0044-03-15 00:00 BC']::timestamp[]", "{\"2024-01-01 10:00:00.5\",\"0044-03-15 00:00:00 BC\"}", "\000\000\000\001\000\000\000\000\000\000\004Z\000\000\000\002\000\000\000\001\000\000\000\010\000\002\260\3366\265I \000\000\000\010\377\032\371\336\354[ \000", 44 },
    { 1185, "ARRAY['2024-01-01 10:00:00+02','infinity']::timestamptz[]", "{\"2024-01-01 08:00:00+00\",infinity}", "\000\000\000\001\000\000\000\000\000\000\004\240\000\000\000\002\000\000\000\001\000\000\000\010\000\002\260\334\211\206`\000\000\000\000\010\177\377\377\377\377\377\377\377", 44 },
    { 1183, "ARRAY['10:00','23:59:59.1']::time[]", "{10:00:00,23:59:59.1}", "\000\000\000\001\000\000\000\000\000\000\004;\000\000\000\002\000\000\000\001\000\000\000\010\000\000\000\010a\304h\000\000\000\000\010\000\000\000\024\035\311\244`", 44 },
    { 1187, "ARRAY['1 day','-1 mons +01:00','0']::interval[]", "{\"1 day\",\"-1 mons +01:00:00\",00:00:00}", "\000\000\000\001\000\000\000\000\000\000\004\242\000\000\000\003\000\000\000\001\000\000\000\020\000\000\000\000\000\000\000\000\000\000\000\001\000\000\000\000\000\000\000\020\000\000\000\000\326\223\244\000\000\000\000\000\377\377\377\377\000\000\000\020\000\000\000\000\000\000\000\000\000\000\000\000\000\000\000\000", 80 },
    { 2951, "ARRAY['a0eebc99-9c0b-4ef8-bb6d-6bb9bd380a11',NULL]::uuid[]", "{a0eebc99-9c0b-4ef8-bb6d-6bb9bd380a11,NULL}", "\000\000\000\001\000\000\000\001\000\000\013\206\000\000\000\002\000\000\000\001\000\000\000\020\240\356\274\231\234\013N\370\273mk\271\2758\012\021\377\377\377\377", 44 },
    { 1001, "ARRAY['\\x00ff'::bytea,'\\x'::bytea]", "{\"\\\\x00ff\",\"\\\\x\"}", "\000\000\000\001\000\000\000\000\000\000\000\021\000\000\000\002\000\000\000\001\000\000\000\002\000\377\000\000\000\000", 30 },
    { 199, "ARRAY['{\"a\": 1}','[1, 2]']::json[]", "{\"{\\\"a\\\": 1}\",\"[1, 2]\"}", "\000\000\000\001\000\000\000\000\000\000\000r\000\000\000\002\000\000\000\001\000\000\000\010{\"a\": 1}\000\000\000\006[1, 2]", 42 },
    { 3807, "ARRAY['{\"a\": 1}','\"x y\"']::jsonb[]", "{\"{\\\"a\\\": 1}\",\"\\\"x y\\\"\"}", "\000\000\000\001\000\000\000\000\000\000\016\332\000\000\000\002\000\000\000\001\000\000\000\011\001{\"a\": 1}\000\000\000\006\001\"x y\"", 43 },
    { 1007, "ARRAY[[1,2],[3,4]]::int4[]", "{{1,2},{3,4}}", "\000\000\000\002\000\000\000\000\000\000\000\027\000\000\000\002\000\000\000\001\000\000\000\002\000\000\000\001\000\000\000\004\000\000\000\001\000\000\000\004\000\000\000\002\000\000\000\004\000\000\000\003\000\000\000\004\000\000\000\004", 60 },
    { 1007, "'[0:2]={1,2,3}'::int4[]", "[0:2]={1,2,3}", "\000\000\000\001\000\000\000\000\000\000\000\027\000\000\000\003\000\000\000\000\000\000\000\004\000\000\000\001\000\000\000\004\000\000\000\002\000\000\000\004\000\000\000\003", 44 },
    { 1009, "'[-2:-1][1:2]={{a,b},{\"c d\",NULL}}'::text[]", "[-2:-1][1:2]={{a,b},{\"c d\",NULL}}", "\000\000\000\002\000\000\000\001\000\000\000\031\000\000\000\002\377\377\377\376\000\000\000\002\000\000\000\001\000\000\000\001a\000\000\000\001b\000\000\000\003c d\377\377\377\377", 49 },
    { 1270, "ARRAY['12:00+02']::timetz[]", "{12:00:00+02}", "\000\000\000\001\000\000\000\000\000\000\004\362\000\000\000\001\000\000\000\001\000\000\000\014\000\000\000\012\016\353\260\000\377\377\343\340", 36 },
    { 1007, "ARRAY[NULL]::int4[]", "{NULL}", "\000\000\000\001\000\000\000\001\000\000\000\027\000\000\000\001\000\000\000\001\377\377\377\377", 24 },
    { 1022, "ARRAY[18355575675361472, 1e23, 9007199254740993, 4.9406564584124654e-324, 2.2250738585072009e-308, 8.98846567431158e307]::float8[]", "{1.8355575675361472e+16,9.999999999999999e+22,9.007199254740992e+15,5e-324,2.225073858507201e-308,8.98846567431158e+307}", "\000\000\000\001\000\000\000\000\000\000\002\275\000\000\000\006\000\000\000\001\000\000\000\010CPM\223\037\361\3060\000\000\000\010D\265-\002\307\341J\366\000\000\000\010C@\000\000\000\000\000\000\000\000\000\010\000\000\000\000\000\000\000\001\000\000\000\010\000\017\377\377\377\377\377\377\000\000\000\010\177\340\000\000\000\000\000\000", 92 },
    { 1021, "ARRAY[44459208, 16777217, 1.4e-45, 1.17549435e-38, 3.4028235e38, 7e-45]::float4[]", "{4.4459208e+07,1.6777216e+07,1e-45,1.1754944e-38,3.4028235e+38,7e-45}", "\000\000\000\001\000\000\000\000\000\000\002\274\000\000\000\006\000\000\000\001\000\000\000\004L)\2312\000\000\000\004K\200\000\000\000\000\000\004\000\000\000\001\000\000\000\004\000\200\000\000\000\000\000\004\177\177\377\377\000\000\000\004\000\000\000\005", 68 },
    { 1022, "ARRAY[1, 0.5, 100, 1e15, 1e14, 123456789012345, 0.0001, 0.00001, -1e-300]::float8[]", "{1,0.5,100,1e+15,100000000000000,123456789012345,0.0001,1e-05,-1e-300}", "\000\000\000\001\000\000\000\000\000\000\002\275\000\000\000\011\000\000\000\001\000\000\000\010\077\360\000\000\000\000\000\000\000\000\000\010\077\340\000\000\000\000\000\000\000\000\000\010@Y\000\000\000\000\000\000\000\000\000\010C\014k\365&4\000\000\000\000\000\010B\326\274\304\036\220\000\000\000\000\000\010B\334\022!\203w\336@\000\000\000\010\077\0326\342\353\034C-\000\000\000\010>\344\370\265\210\343h\361\000\000\000\010\201\245n\037\302\370\363Y", 128 },
    { 1021, "ARRAY[1e5, 1e6, 123456, 999999, 0.0001, 0.00001]::float4[]", "{100000,1e+06,123456,999999,0.0001,1e-05}", "\000\000\000\001\000\000\000\000\000\000\002\274\000\000\000\006\000\000\000\001\000\000\000\004G\303P\000\000\000\000\004It$\000\000\000\000\004G\361 \000\000\000\000\004It#\360\000\000\000\0048\321\267\027\000\000\000\0047'\305\254", 68 },
};

#define NVECS (sizeof vecs / sizeof vecs[0])

static struct sqlx_pg_scratch scratch;

static void setup(void)
{
    sqlx_pg_scratch_init(&scratch, 0);
}

static void teardown(void)
{
    sqlx_pg_scratch_free(&scratch);
}

TestSuite(pg_types, .init = setup, .fini = teardown);

static bool same_value(const struct sqlx_value *a, const struct sqlx_value *b)
{
    if (a->type != b->type)
        return false;
    switch (a->type) {
    case SQLX_V_NULL:
        return true;
    case SQLX_V_INT:
        return a->i == b->i;
    case SQLX_V_BOOL:
        return a->b == b->b;
    case SQLX_V_FLOAT:
        if (isnan(a->f))
            return isnan(b->f);
        return a->f == b->f && signbit(a->f) == signbit(b->f);
    default:
        return a->n == b->n && (a->n == 0 || memcmp(a->s, b->s, a->n) == 0);
    }
}

static struct sqlx_value decode_ok(uint32_t oid, int format, const char *p, int32_t len)
{
    struct sqlx_value v;
    struct sqlx_err err;
    sqlx_err_clear(&err);
    int rc = sqlx_pg_decode(oid, format, p, len, &scratch, &v, &err);
    cr_assert_eq(rc, 0, "decode oid %u format %d failed: %s", oid, format, err.message);
    return v;
}

static int decode_fail(uint32_t oid, int format, const void *p, int32_t len, struct sqlx_err *err)
{
    struct sqlx_value v;
    sqlx_err_clear(err);
    int rc = sqlx_pg_decode(oid, format, p, len, &scratch, &v, err);
    cr_assert_lt(rc, 0, "oid %u format %d: malformed input accepted", oid, format);
    cr_assert_eq(err->code, rc);
    cr_assert_neq(err->message[0], '\0');
    return rc;
}

static void assert_text(const struct sqlx_value *v, const char *want)
{
    cr_assert_eq(v->type, SQLX_V_TEXT);
    cr_assert(v->n == strlen(want) && memcmp(v->s, want, v->n) == 0, "got \"%.*s\", want \"%s\"",
              (int)v->n, v->s, want);
}

/* The property the engine relies on: both formats give the same universal value, and types
 * rendered as text read exactly as the server's own output. All values of the table are
 * decoded into one scratch before any is checked, as the values of one row would be. */
Test(pg_types, text_and_binary_agree)
{
    static struct sqlx_value tv[NVECS], bv[NVECS];
    for (size_t i = 0; i < NVECS; i++) {
        const struct vec *t = &vecs[i];
        tv[i] = decode_ok(t->oid, SQLX_PG_FORMAT_TEXT, t->txt, (int32_t)strlen(t->txt));
        bv[i] = decode_ok(t->oid, SQLX_PG_FORMAT_BINARY, t->bin, t->binlen);
    }
    for (size_t i = 0; i < NVECS; i++) {
        const struct vec *t = &vecs[i];
        cr_expect(same_value(&tv[i], &bv[i]), "%s: text \"%s\" vs binary \"%.*s\" (types %d/%d)",
                  t->sql, t->txt, (int)bv[i].n, bv[i].type == SQLX_V_TEXT ? bv[i].s : "",
                  tv[i].type, bv[i].type);
        cr_expect_eq(bv[i].type, sqlx_pg_vtype(t->oid), "%s", t->sql);
        if (bv[i].type == SQLX_V_TEXT)
            cr_expect(bv[i].n == strlen(t->txt) && memcmp(bv[i].s, t->txt, bv[i].n) == 0,
                      "%s: \"%.*s\" != \"%s\"", t->sql, (int)bv[i].n, bv[i].s, t->txt);
        cr_expect(sqlx_pg_binary_ok(t->oid), "%s", t->sql);
    }
}

/* A few decoded values checked against what they must be, independent of the table. */
Test(pg_types, native_values)
{
    struct sqlx_value v = decode_ok(SQLX_PG_INT8, 1, "\x80\0\0\0\0\0\0\0", 8);
    cr_assert_eq(v.type, SQLX_V_INT);
    cr_assert_eq(v.i, INT64_MIN);
    v = decode_ok(SQLX_PG_OID, 1, "\xff\xff\xff\xff", 4);
    cr_assert_eq(v.i, 4294967295LL);
    v = decode_ok(SQLX_PG_INT2, 0, "-32768", 6);
    cr_assert_eq(v.i, -32768);
    v = decode_ok(SQLX_PG_FLOAT8, 0, "-Infinity", 9);
    cr_assert(isinf(v.f) && v.f < 0);
    v = decode_ok(SQLX_PG_FLOAT4, 0, "NaN", 3);
    cr_assert(isnan(v.f));
    v = decode_ok(SQLX_PG_FLOAT4, 1, "\x3f\xc0\0\0", 4);
    cr_assert_eq(v.f, 1.5);
    v = decode_ok(SQLX_PG_FLOAT4, 0, "0.1", 3);
    cr_assert_eq(v.f, (double)0.1f);
    v = decode_ok(SQLX_PG_BOOL, 0, "f", 1);
    cr_assert(v.type == SQLX_V_BOOL && !v.b);
    /* "char": high-bit bytes print as octal escapes (charout), 0 as the empty string */
    v = decode_ok(SQLX_PG_CHAR, 1, "\x80", 1);
    assert_text(&v, "\\200");
    v = decode_ok(SQLX_PG_CHAR, 1, "\0", 1);
    assert_text(&v, "");
    v = decode_ok(SQLX_PG_INT4, 0, NULL, -1);
    cr_assert_eq(v.type, SQLX_V_NULL);
    v = decode_ok(SQLX_PG_NUMERIC, 1, NULL, -1);
    cr_assert_eq(v.type, SQLX_V_NULL);
}

/* Text-like values point into the input: no copy. */
Test(pg_types, text_points_into_input)
{
    static const char row[] = "hello\001{\"a\": 1}";
    struct sqlx_value v = decode_ok(SQLX_PG_TEXT, 1, row, 5);
    cr_assert_eq(v.s, row);
    v = decode_ok(SQLX_PG_JSONB, 1, row + 5, 9);
    cr_assert_eq(v.s, row + 6);
    cr_assert_eq(v.n, 8);
    v = decode_ok(SQLX_PG_NUMERIC, 0, "1.50", 4);
    cr_assert_str_eq(v.s, "1.50");
    v = decode_ok(SQLX_PG_BYTEA, 1, row, 5);
    cr_assert(v.type == SQLX_V_BLOB && v.s == row && v.n == 5);
    cr_assert_eq(scratch.total, 0);
}

static void put32(unsigned char *p, uint32_t v)
{
    p[0] = (unsigned char)(v >> 24);
    p[1] = (unsigned char)(v >> 16);
    p[2] = (unsigned char)(v >> 8);
    p[3] = (unsigned char)v;
}

static void put64(unsigned char *p, uint64_t v)
{
    put32(p, (uint32_t)(v >> 32));
    put32(p + 4, (uint32_t)v);
}

Test(pg_types, bytea_all_byte_values)
{
    unsigned char raw[256];
    char hex[2 + 512 + 1], esc[256 * 4 + 1];
    size_t ne = 0;
    for (int i = 0; i < 256; i++) {
        raw[i] = (unsigned char)i;
        snprintf(hex + 2 + 2 * i, 3, "%02x", i);
        /* byteaout's escape form: printable ASCII as is, backslash doubled, the rest octal. */
        if (i == '\\') {
            esc[ne++] = '\\';
            esc[ne++] = '\\';
        } else if (i >= 0x20 && i < 0x7f) {
            esc[ne++] = (char)i;
        } else {
            snprintf(esc + ne, 5, "\\%03o", i);
            ne += 4;
        }
    }
    hex[0] = '\\';
    hex[1] = 'x';
    struct sqlx_value b = decode_ok(SQLX_PG_BYTEA, 1, (const char *)raw, 256);
    struct sqlx_value h = decode_ok(SQLX_PG_BYTEA, 0, hex, 514);
    struct sqlx_value e = decode_ok(SQLX_PG_BYTEA, 0, esc, (int32_t)ne);
    cr_assert_eq(h.type, SQLX_V_BLOB);
    cr_assert(same_value(&b, &h));
    cr_assert(same_value(&b, &e));
    /* Upper-case hex digits are accepted too. */
    struct sqlx_value u = decode_ok(SQLX_PG_BYTEA, 0, "\\xDEADbeef", 10);
    cr_assert(u.n == 4 && memcmp(u.s, "\xde\xad\xbe\xef", 4) == 0);

    /* bytea[] renders every byte as hex, quoted and with the backslash escaped. */
    unsigned char arr[20 + 4 + 256];
    memset(arr, 0, sizeof arr);
    put32(arr, 1);
    put32(arr + 4, 0);
    put32(arr + 8, SQLX_PG_BYTEA);
    put32(arr + 12, 1);
    put32(arr + 16, 1);
    put32(arr + 20, 256);
    memcpy(arr + 24, raw, 256);
    struct sqlx_value a = decode_ok(SQLX_PG_BYTEA_ARRAY, 1, (const char *)arr, sizeof arr);
    char want[600];
    snprintf(want, sizeof want, "{\"\\\\x%s\"}", hex + 2);
    assert_text(&a, want);
}

static struct sqlx_value numeric_bin(int16_t ndigits, int16_t weight, uint16_t sign,
                                     uint16_t dscale, const int16_t *digits)
{
    static unsigned char buf[8 + 2 * 64];
    buf[0] = (unsigned char)((uint16_t)ndigits >> 8);
    buf[1] = (unsigned char)ndigits;
    buf[2] = (unsigned char)((uint16_t)weight >> 8);
    buf[3] = (unsigned char)weight;
    buf[4] = (unsigned char)(sign >> 8);
    buf[5] = (unsigned char)sign;
    buf[6] = (unsigned char)(dscale >> 8);
    buf[7] = (unsigned char)dscale;
    for (int i = 0; i < ndigits; i++) {
        buf[8 + 2 * i] = (unsigned char)((uint16_t)digits[i] >> 8);
        buf[9 + 2 * i] = (unsigned char)digits[i];
    }
    return decode_ok(SQLX_PG_NUMERIC, 1, (const char *)buf, 8 + 2 * ndigits);
}

/* Numeric layouts written by hand, including ones with trailing zero digits the server strips
 * but a peer might send, and a dscale shorter than the stored digits (truncation, as
 * numeric_out does). */
Test(pg_types, numeric_by_hand)
{
    int16_t d1[] = { 1, 2345, 6789 };
    struct sqlx_value v = numeric_bin(3, 0, 0x4000, 8, d1);
    assert_text(&v, "-1.23456789");
    v = numeric_bin(3, 0, 0, 2, d1);
    assert_text(&v, "1.23");
    int16_t d2[] = { 5 };
    v = numeric_bin(1, -3, 0, 12, d2);
    assert_text(&v, "0.000000000005");
    v = numeric_bin(1, 2, 0, 0, d2);
    assert_text(&v, "500000000");
    v = numeric_bin(0, 0, 0, 3, NULL);
    assert_text(&v, "0.000");
    v = numeric_bin(0, 0, 0xD000, 0, NULL);
    assert_text(&v, "Infinity");
    int16_t d3[] = { 12, 0, 0 };
    v = numeric_bin(3, 1, 0, 0, d3);
    assert_text(&v, "120000");
    int16_t many[40];
    for (int i = 0; i < 40; i++)
        many[i] = 9999;
    v = numeric_bin(40, 19, 0, 80, many);
    cr_assert_eq(v.n, 80 + 1 + 80);
    for (size_t i = 0; i < v.n; i++)
        cr_assert(v.s[i] == (i == 80 ? '.' : '9'));
}

Test(pg_types, numeric_malformed)
{
    struct sqlx_err err;
    /* length disagrees with ndigits */
    decode_fail(SQLX_PG_NUMERIC, 1, "\0\x02\0\0\0\0\0\0\0\x01", 10, &err);
    decode_fail(SQLX_PG_NUMERIC, 1, "\0\0\0\0\0\0", 6, &err);
    /* negative ndigits */
    decode_fail(SQLX_PG_NUMERIC, 1, "\xff\xff\0\0\0\0\0\0", 8, &err);
    /* digit 10000 */
    decode_fail(SQLX_PG_NUMERIC, 1, "\0\x01\0\0\0\0\0\0\x27\x10", 10, &err);
    /* bad sign */
    decode_fail(SQLX_PG_NUMERIC, 1, "\0\0\0\0\x12\x34\0\0", 8, &err);
    /* dscale over the limit */
    cr_assert_eq(decode_fail(SQLX_PG_NUMERIC, 1, "\0\0\0\0\0\0\x40\0", 8, &err), SQLX_EINVAL);
    cr_assert(strstr(err.message, "numeric"), "%s", err.message);
}

/* Dates and timestamps across the calendar: every 97th day over 12,000 years in binary must
 * render to text that date2j reads back to the same day number. */
static int64_t date2j_ref(int y, int m, int d)
{
    int64_t a = (14 - m) / 12, yy = (int64_t)y + 4800 - a, mm = m + 12 * a - 3;
    return d + (153 * mm + 2) / 5 + 365 * yy + yy / 4 - yy / 100 + yy / 400 - 32045;
}

Test(pg_types, dates_round_trip_calendar)
{
    unsigned char b[8];
    for (int64_t days = -2451545; days < 3000000; days += 97) {
        put32(b, (uint32_t)(int32_t)days);
        struct sqlx_value v = decode_ok(SQLX_PG_DATE, 1, (const char *)b, 4);
        char txt[32];
        cr_assert_lt(v.n, sizeof txt);
        memcpy(txt, v.s, v.n);
        txt[v.n] = '\0';
        int y, m, d;
        char bc[4] = "";
        cr_assert_geq(sscanf(txt, "%d-%d-%d %3s", &y, &m, &d, bc), 3, "%s", txt);
        if (strcmp(bc, "BC") == 0)
            y = 1 - y;
        cr_assert_eq(date2j_ref(y, m, d), days + 2451545, "%s", txt);
        /* The same day at 13:00 as a timestamp starts with the same date. */
        put64(b, (uint64_t)(days * 86400000000LL + 13 * 3600000000LL));
        struct sqlx_value t = decode_ok(SQLX_PG_TIMESTAMP, 1, (const char *)b, 8);
        cr_assert(t.n > v.n && memcmp(t.s, txt, 10) == 0, "%.*s vs %s", (int)t.n, t.s, txt);
        sqlx_pg_scratch_reset(&scratch);
    }
}

Test(pg_types, datetime_edges)
{
    unsigned char b[16];
    put64(b, (uint64_t)-1);
    struct sqlx_value v = decode_ok(SQLX_PG_TIMESTAMP, 1, (const char *)b, 8);
    assert_text(&v, "1999-12-31 23:59:59.999999");
    v = decode_ok(SQLX_PG_TIMESTAMPTZ, 1, (const char *)b, 8);
    assert_text(&v, "1999-12-31 23:59:59.999999+00");
    put64(b, 0);
    put32(b + 8, (uint32_t)-19800); /* UTC+05:30 */
    v = decode_ok(SQLX_PG_TIMETZ, 1, (const char *)b, 12);
    assert_text(&v, "00:00:00+05:30");
    put32(b + 8, 3600);
    v = decode_ok(SQLX_PG_TIMETZ, 1, (const char *)b, 12);
    assert_text(&v, "00:00:00-01");
    /* interval: 1 µs, months and days of mixed signs */
    put64(b, 1);
    put32(b + 8, (uint32_t)-1);
    put32(b + 12, 13);
    v = decode_ok(SQLX_PG_INTERVAL, 1, (const char *)b, 16);
    assert_text(&v, "1 year 1 mon -1 days +00:00:00.000001");
    put64(b, (uint64_t)INT64_MIN);
    put32(b + 8, 0);
    put32(b + 12, (uint32_t)INT32_MIN);
    v = decode_ok(SQLX_PG_INTERVAL, 1, (const char *)b, 16);
    assert_text(&v, "-178956970 years -8 mons -2562047788:00:54.775808");
}

/* Text-format timestamptz in a session zone other than UTC is converted to UTC. */
Test(pg_types, timestamptz_text_to_utc)
{
    static const char *const cases[][2] = {
        { "2024-06-15 13:45:30.25+02", "2024-06-15 11:45:30.25+00" },
        { "2024-01-01 00:10:00+05:30", "2023-12-31 18:40:00+00" },
        { "1999-12-31 20:00:00-04:00:30", "2000-01-01 00:00:30+00" },
        { "0044-03-15 12:00:00+01 BC", "0044-03-15 11:00:00+00 BC" },
        { "0001-01-01 00:30:00+01", "0001-12-31 23:30:00+00 BC" },
        { "2024-06-15 13:45:30+00", "2024-06-15 13:45:30+00" },
        { "infinity", "infinity" },
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        struct sqlx_value v = decode_ok(SQLX_PG_TIMESTAMPTZ, 0, cases[i][0],
                                        (int32_t)strlen(cases[i][0]));
        assert_text(&v, cases[i][1]);
    }
}

static size_t array_hdr(unsigned char *p, int ndim, uint32_t elem, const int32_t *dims,
                        const int32_t *lbs)
{
    put32(p, (uint32_t)ndim);
    put32(p + 4, 0);
    put32(p + 8, elem);
    for (int i = 0; i < ndim; i++) {
        put32(p + 12 + 8 * i, (uint32_t)dims[i]);
        put32(p + 16 + 8 * i, (uint32_t)lbs[i]);
    }
    return 12 + 8 * (size_t)ndim;
}

static size_t array_text_elem(unsigned char *p, const char *s)
{
    if (!s) {
        put32(p, (uint32_t)-1);
        return 4;
    }
    size_t n = strlen(s);
    put32(p, (uint32_t)n);
    memcpy(p + 4, s, n);
    return 4 + n;
}

/* array_out quoting: empty, NULL in any case, quotes, backslashes, braces, delimiter and every
 * isspace character force quotes; quotes and backslashes are escaped. */
Test(pg_types, array_quoting)
{
    static const char *const elems[] = { "plain", "", "NuLl", "a\"b", "c\\d", "{x}", "e,f",
                                         "g h", "\t", "\v", "\f", "\r\n", "NULLX", NULL, "ü" };
    unsigned char buf[512];
    int32_t dim = (int32_t)(sizeof elems / sizeof elems[0]), lb = 1;
    size_t n = array_hdr(buf, 1, SQLX_PG_TEXT, &dim, &lb);
    for (int i = 0; i < dim; i++)
        n += array_text_elem(buf + n, elems[i]);
    struct sqlx_value v = decode_ok(SQLX_PG_TEXT_ARRAY, 1, (const char *)buf, (int32_t)n);
    assert_text(&v, "{plain,\"\",\"NuLl\",\"a\\\"b\",\"c\\\\d\",\"{x}\",\"e,f\",\"g h\",\"\t\","
                    "\"\v\",\"\f\",\"\r\n\",NULLX,NULL,ü}");
    /* An empty array has no dimensions. */
    n = array_hdr(buf, 0, SQLX_PG_INT4, NULL, NULL);
    v = decode_ok(SQLX_PG_INT4_ARRAY, 1, (const char *)buf, (int32_t)n);
    assert_text(&v, "{}");
    /* A dimension of length 0 is empty too. */
    int32_t zero = 0;
    n = array_hdr(buf, 1, SQLX_PG_INT4, &zero, &lb);
    v = decode_ok(SQLX_PG_INT4_ARRAY, 1, (const char *)buf, (int32_t)n);
    assert_text(&v, "{}");
}

/* Many rendered values in one row: growth moves only the value being written, so every earlier
 * value stays valid; reset then coalesces into one block and the next row does not allocate. */
Test(pg_types, scratch_keeps_values_of_a_row)
{
    enum { N = 300 };
    static struct sqlx_value vals[N];
    static char want[N][80];
    unsigned char buf[128];
    int16_t dig[] = { 1234, 5678, 9012 };
    for (int round = 0; round < 3; round++) {
        for (int i = 0; i < N; i++) {
            if (i % 3 == 0) {
                /* a long array of int8 */
                int32_t dim = 4, lb = 1;
                size_t n = array_hdr(buf, 1, SQLX_PG_INT8, &dim, &lb);
                for (int k = 0; k < 4; k++) {
                    put32(buf + n, 8);
                    put64(buf + n + 4, (uint64_t)(1000000000000LL * i + k));
                    n += 12;
                }
                vals[i] = decode_ok(SQLX_PG_INT8_ARRAY, 1, (const char *)buf, (int32_t)n);
                snprintf(want[i], sizeof want[i], "{%lld,%lld,%lld,%lld}", 1000000000000LL * i,
                         1000000000000LL * i + 1, 1000000000000LL * i + 2,
                         1000000000000LL * i + 3);
            } else if (i % 3 == 1) {
                vals[i] = numeric_bin(3, (int16_t)(i % 5), 0, 4, dig);
                snprintf(want[i], sizeof want[i], "%.*s", (int)vals[i].n, vals[i].s);
            } else {
                put64(buf, (uint64_t)(i * 86400000000LL));
                vals[i] = decode_ok(SQLX_PG_TIMESTAMP, 1, (const char *)buf, 8);
                snprintf(want[i], sizeof want[i], "%.*s", (int)vals[i].n, vals[i].s);
            }
        }
        int jumps = 0;
        for (int i = 0; i < N; i++) {
            assert_text(&vals[i], want[i]);
            if (i > 0 && vals[i].s != vals[i - 1].s + vals[i - 1].n)
                jumps++;
        }
        cr_assert_gt(scratch.total, 4096);
        /* The first row outgrew the first block; after a reset the blocks were coalesced and
         * the whole row lies in one block, value after value. */
        if (round == 0)
            cr_assert_gt(jumps, 0);
        else
            cr_assert_eq(jumps, 0);
        sqlx_pg_scratch_reset(&scratch);
    }
    /* Values of the second round were checked against fresh text from the first: the numeric
     * and timestamp renderings are deterministic. */
    struct sqlx_value t = decode_ok(SQLX_PG_TIMESTAMP, 1, "\0\0\0\0\0\0\0\0", 8);
    assert_text(&t, "2000-01-01 00:00:00");
}

Test(pg_types, scratch_max_is_enforced)
{
    struct sqlx_pg_scratch small;
    struct sqlx_err err;
    struct sqlx_value v;
    sqlx_pg_scratch_init(&small, 150);
    cr_assert_eq(sqlx_pg_decode(SQLX_PG_BYTEA_ARRAY, 1, NULL, -1, &small, &v, &err), 0);
    char hex[2 + 200];
    hex[0] = '\\';
    hex[1] = 'x';
    memset(hex + 2, 'a', 200);
    cr_assert_eq(sqlx_pg_decode(SQLX_PG_BYTEA, 0, hex, 202, &small, &v, &err), 0);
    cr_assert_eq(v.n, 100);
    /* 100 more bytes would pass the 150-byte row limit */
    cr_assert_eq(sqlx_pg_decode(SQLX_PG_BYTEA, 0, hex, 202, &small, &v, &err), SQLX_ETOOBIG);
    cr_assert_eq(small.total, 100);
    sqlx_pg_scratch_reset(&small);
    cr_assert_eq(sqlx_pg_decode(SQLX_PG_BYTEA, 0, hex, 202, &small, &v, &err), 0);
    sqlx_pg_scratch_free(&small);
}

/* Binary floats inside arrays are printed with the fewest digits that read back exactly. */
Test(pg_types, float_array_shortest_round_trip)
{
    unsigned char buf[12 + 8 + 12 * 64];
    uint64_t x = 0x9e3779b97f4a7c15ULL;
    for (int round = 0; round < 200; round++) {
        int32_t dim = 64, lb = 1;
        double want[64];
        size_t n = array_hdr(buf, 1, SQLX_PG_FLOAT8, &dim, &lb);
        for (int i = 0; i < 64; i++) {
            x ^= x << 13;
            x ^= x >> 7;
            x ^= x << 17;
            uint64_t bits = x;
            if (i % 8 == 0)
                bits &= 0xfff0000000000000ULL; /* powers of two */
            double d;
            memcpy(&d, &bits, 8);
            if (isnan(d) || isinf(d))
                d = (double)i;
            want[i] = d;
            put32(buf + n, 8);
            memcpy(&bits, &d, 8);
            put64(buf + n + 4, bits);
            n += 12;
        }
        struct sqlx_value v = decode_ok(SQLX_PG_FLOAT8_ARRAY, 1, (const char *)buf, (int32_t)n);
        char *txt = strndup(v.s, v.n);
        cr_assert(txt[0] == '{' && txt[v.n - 1] == '}');
        char *save = NULL, *tok = strtok_r(txt + 1, ",}", &save);
        for (int i = 0; i < 64; i++, tok = strtok_r(NULL, ",}", &save)) {
            cr_assert_not_null(tok);
            cr_assert_eq(strtod(tok, NULL), want[i], "%s", tok);
            /* shortest: one digit fewer does not read back */
            char sig[32];
            int digits = 0, seen = 0;
            bool lead = true;
            for (const char *c = tok; *c && *c != 'e'; c++) {
                if (*c < '0' || *c > '9')
                    continue;
                if (*c != '0')
                    lead = false;
                if (!lead) {
                    seen++;
                    if (*c != '0')
                        digits = seen; /* up to the last non-zero digit */
                }
            }
            if (digits > 1 && want[i] != 0) {
                /* ... unless that shorter form is exactly halfway to a neighbour: it reads
                 * back under round-half-even, but PostgreSQL's Ryu excludes the bounds. */
                snprintf(sig, sizeof sig, "%.*e", digits - 2, want[i]);
                long double mid_up = ((long double)want[i] + nextafter(want[i], INFINITY)) / 2;
                long double mid_dn = ((long double)want[i] + nextafter(want[i], -INFINITY)) / 2;
                long double shorter = strtold(sig, NULL);
                cr_assert(strtod(sig, NULL) != want[i] || shorter == mid_up || shorter == mid_dn,
                          "%s is not shortest (%s)", tok, sig);
            }
        }
        free(txt);
        sqlx_pg_scratch_reset(&scratch);
    }
}

Test(pg_types, malformed_fixed_lengths)
{
    static const struct {
        uint32_t oid;
        int32_t good;
    } fixed[] = {
        { SQLX_PG_BOOL, 1 },   { SQLX_PG_INT2, 2 },     { SQLX_PG_INT4, 4 },
        { SQLX_PG_INT8, 8 },   { SQLX_PG_OID, 4 },      { SQLX_PG_FLOAT4, 4 },
        { SQLX_PG_FLOAT8, 8 }, { SQLX_PG_UUID, 16 },    { SQLX_PG_DATE, 4 },
        { SQLX_PG_TIME, 8 },   { SQLX_PG_TIMETZ, 12 },  { SQLX_PG_TIMESTAMP, 8 },
        { SQLX_PG_TIMESTAMPTZ, 8 }, { SQLX_PG_INTERVAL, 16 }, { SQLX_PG_CHAR, 1 },
    };
    char zeros[32] = { 0 };
    struct sqlx_err err;
    for (size_t i = 0; i < sizeof fixed / sizeof fixed[0]; i++) {
        decode_ok(fixed[i].oid, 1, zeros, fixed[i].good);
        cr_assert_eq(decode_fail(fixed[i].oid, 1, zeros, fixed[i].good - 1, &err), SQLX_EINVAL);
        cr_assert_eq(decode_fail(fixed[i].oid, 1, zeros, fixed[i].good + 1, &err), SQLX_EINVAL);
    }
    cr_assert(strstr(err.message, "bytes where 1 are expected"), "%s", err.message);
    decode_fail(SQLX_PG_INT4, 1, zeros, -2, &err);
    decode_fail(SQLX_PG_INT4, 7, zeros, 4, &err);
}

Test(pg_types, malformed_values)
{
    struct sqlx_err err;
    unsigned char b[16];
    /* jsonb version */
    decode_fail(SQLX_PG_JSONB, 1, "\002{}", 3, &err);
    decode_fail(SQLX_PG_JSONB, 1, "", 0, &err);
    /* date / timestamp / time out of range */
    put32(b, (uint32_t)-2451546);
    decode_fail(SQLX_PG_DATE, 1, b, 4, &err);
    put32(b, (uint32_t)INT32_MAX - 1);
    decode_fail(SQLX_PG_DATE, 1, b, 4, &err);
    put64(b, (uint64_t)INT64_MAX - 1);
    decode_fail(SQLX_PG_TIMESTAMP, 1, b, 8, &err);
    put64(b, (uint64_t)(INT64_MIN + 1));
    decode_fail(SQLX_PG_TIMESTAMPTZ, 1, b, 8, &err);
    put64(b, 86400000001ULL);
    decode_fail(SQLX_PG_TIME, 1, b, 8, &err);
    put64(b, (uint64_t)-1);
    decode_fail(SQLX_PG_TIME, 1, b, 8, &err);
    put64(b, 0);
    put32(b + 8, 16 * 3600);
    decode_fail(SQLX_PG_TIMETZ, 1, b, 12, &err);
    /* text forms */
    decode_fail(SQLX_PG_INT2, 0, "32768", 5, &err);
    cr_assert(strstr(err.message, "smallint"), "%s", err.message);
    decode_fail(SQLX_PG_INT4, 0, "12a", 3, &err);
    decode_fail(SQLX_PG_INT8, 0, "9223372036854775808", 19, &err);
    decode_fail(SQLX_PG_INT8, 0, "", 0, &err);
    decode_fail(SQLX_PG_INT8, 0, "-", 1, &err);
    decode_fail(SQLX_PG_OID, 0, "-1", 2, &err);
    decode_fail(SQLX_PG_BOOL, 0, "x", 1, &err);
    decode_fail(SQLX_PG_FLOAT8, 0, "1.5x", 4, &err);
    decode_fail(SQLX_PG_FLOAT8, 0, "", 0, &err);
    decode_fail(SQLX_PG_BYTEA, 0, "\\x0", 3, &err);
    decode_fail(SQLX_PG_BYTEA, 0, "\\xzz", 4, &err);
    decode_fail(SQLX_PG_BYTEA, 0, "a\\9", 3, &err);
    /* binary of a type without a binary decoder */
    cr_assert_eq(decode_fail(869 /* inet */, 1, b, 8, &err), SQLX_EUNSUPPORTED);
    /* but its text passes through */
    struct sqlx_value v = decode_ok(869, 0, "10.0.0.1", 8);
    assert_text(&v, "10.0.0.1");
}

Test(pg_types, malformed_arrays)
{
    struct sqlx_err err;
    unsigned char b[64];
    int32_t dim = 2, lb = 1;
    size_t n = array_hdr(b, 1, SQLX_PG_INT4, &dim, &lb);
    put32(b + n, 4);
    put32(b + n + 4, 7);
    put32(b + n + 8, 4);
    put32(b + n + 12, 8);
    struct sqlx_value v = decode_ok(SQLX_PG_INT4_ARRAY, 1, (const char *)b, (int32_t)n + 16);
    assert_text(&v, "{7,8}");
    /* truncated anywhere */
    for (size_t cut = 0; cut < n + 16; cut++)
        decode_fail(SQLX_PG_INT4_ARRAY, 1, b, (int32_t)cut, &err);
    /* trailing bytes */
    decode_fail(SQLX_PG_INT4_ARRAY, 1, b, (int32_t)n + 17, &err);
    /* wrong element length inside */
    put32(b + n, 3);
    decode_fail(SQLX_PG_INT4_ARRAY, 1, b, (int32_t)n + 16, &err);
    put32(b + n, (uint32_t)-7);
    decode_fail(SQLX_PG_INT4_ARRAY, 1, b, (int32_t)n + 16, &err);
    put32(b + n, 4);
    /* element type does not match the column */
    put32(b + 8, SQLX_PG_INT8);
    decode_fail(SQLX_PG_INT4_ARRAY, 1, b, (int32_t)n + 16, &err);
    put32(b + 8, SQLX_PG_INT4);
    /* absurd dimensions */
    put32(b, 7);
    decode_fail(SQLX_PG_INT4_ARRAY, 1, b, (int32_t)n + 16, &err);
    put32(b, (uint32_t)-1);
    decode_fail(SQLX_PG_INT4_ARRAY, 1, b, (int32_t)n + 16, &err);
    put32(b, 1);
    put32(b + 12, 0x7fffffff);
    decode_fail(SQLX_PG_INT4_ARRAY, 1, b, (int32_t)n + 16, &err);
    put32(b + 12, (uint32_t)-1);
    decode_fail(SQLX_PG_INT4_ARRAY, 1, b, (int32_t)n + 16, &err);
    put32(b + 12, 2);
    put32(b + 16, 0x7fffffff);
    decode_fail(SQLX_PG_INT4_ARRAY, 1, b, (int32_t)n + 16, &err);
    put32(b + 16, 1);
    put32(b + 4, 5);
    decode_fail(SQLX_PG_INT4_ARRAY, 1, b, (int32_t)n + 16, &err);
}

/* Random bytes through every binary decoder: errors or values, never a crash or an over-read
 * (the buffer is allocated to the exact length so ASan sees any). */
Test(pg_types, random_bytes_never_crash)
{
    static const uint32_t oids[] = {
        SQLX_PG_BOOL, SQLX_PG_INT2, SQLX_PG_INT4, SQLX_PG_INT8, SQLX_PG_FLOAT4, SQLX_PG_FLOAT8,
        SQLX_PG_NUMERIC, SQLX_PG_DATE, SQLX_PG_TIME, SQLX_PG_TIMETZ, SQLX_PG_TIMESTAMP,
        SQLX_PG_TIMESTAMPTZ, SQLX_PG_INTERVAL, SQLX_PG_UUID, SQLX_PG_JSONB, SQLX_PG_CHAR,
        SQLX_PG_INT4_ARRAY, SQLX_PG_TEXT_ARRAY, SQLX_PG_NUMERIC_ARRAY, SQLX_PG_DATE_ARRAY,
        SQLX_PG_INTERVAL_ARRAY, SQLX_PG_FLOAT8_ARRAY, SQLX_PG_TIMETZ_ARRAY, SQLX_PG_BYTEA_ARRAY,
    };
    uint64_t x = 88172645463325252ULL;
    int ok = 0, bad = 0;
    for (int iter = 0; iter < 20000; iter++) {
        x ^= x << 13;
        x ^= x >> 7;
        x ^= x << 17;
        uint32_t oid = oids[x % (sizeof oids / sizeof oids[0])];
        size_t len = (x >> 8) % 48;
        unsigned char *p = malloc(len ? len : 1);
        for (size_t i = 0; i < len; i++) {
            x ^= x << 13;
            x ^= x >> 7;
            x ^= x << 17;
            /* bias towards small numbers so array headers and lengths are often plausible */
            p[i] = (x & 3) ? (unsigned char)(x >> 20) % 3 : (unsigned char)(x >> 24);
        }
        if (sqlx_pg_array_elem(oid) && len >= 12) {
            p[0] = p[1] = p[2] = 0;
            put32(p + 8, sqlx_pg_array_elem(oid));
        }
        struct sqlx_value v;
        struct sqlx_err err;
        int fmt = (int)(x >> 40) & 1;
        if (sqlx_pg_decode(oid, fmt, (const char *)p, (int32_t)len, &scratch, &v, &err) == 0) {
            ok++;
            if (v.type == SQLX_V_TEXT || v.type == SQLX_V_BLOB)
                for (size_t i = 0; i < v.n; i++)
                    x += (unsigned char)v.s[i];
        } else {
            bad++;
        }
        free(p);
        if (iter % 64 == 0)
            sqlx_pg_scratch_reset(&scratch);
    }
    cr_assert_gt(ok, 1000);
    cr_assert_gt(bad, 1000);
}

static void assert_bytes(const struct sqlx_buf *b, size_t start, const char *want, size_t n)
{
    cr_assert_eq(b->len - start, n);
    cr_assert(memcmp(b->data + start, want, n) == 0);
}

Test(pg_types, encode_param_default)
{
    struct sqlx_buf b;
    struct sqlx_err err;
    uint32_t oid;
    int fmt;
    int32_t len;
    sqlx_buf_init(&b, 0);
    struct sqlx_value v = sqlx_value_int(-2);
    cr_assert_eq(sqlx_pg_encode_param(&v, &oid, &fmt, &b, &len, &err), 0);
    cr_assert(oid == SQLX_PG_INT8 && fmt == 1 && len == 8);
    assert_bytes(&b, 0, "\xff\xff\xff\xff\xff\xff\xff\xfe", 8);
    v = sqlx_value_float(1.5);
    cr_assert_eq(sqlx_pg_encode_param(&v, &oid, &fmt, &b, &len, &err), 0);
    cr_assert(oid == SQLX_PG_FLOAT8 && fmt == 1 && len == 8);
    assert_bytes(&b, 8, "\x3f\xf8\0\0\0\0\0\0", 8);
    v = sqlx_value_bool(true);
    cr_assert_eq(sqlx_pg_encode_param(&v, &oid, &fmt, &b, &len, &err), 0);
    cr_assert(oid == SQLX_PG_BOOL && fmt == 1 && len == 1);
    assert_bytes(&b, 16, "\x01", 1);
    v = sqlx_value_text("héllo", 6);
    cr_assert_eq(sqlx_pg_encode_param(&v, &oid, &fmt, &b, &len, &err), 0);
    cr_assert(oid == 0 && fmt == 0 && len == 6);
    assert_bytes(&b, 17, "héllo", 6);
    v = sqlx_value_blob("\0\x01\xff", 3);
    cr_assert_eq(sqlx_pg_encode_param(&v, &oid, &fmt, &b, &len, &err), 0);
    cr_assert(oid == SQLX_PG_BYTEA && fmt == 1 && len == 3);
    assert_bytes(&b, 23, "\0\x01\xff", 3);
    v = sqlx_value_null();
    cr_assert_eq(sqlx_pg_encode_param(&v, &oid, &fmt, &b, &len, &err), 0);
    cr_assert(oid == 0 && len == -1 && b.len == 26);
    v = sqlx_value_text("", 0);
    cr_assert_eq(sqlx_pg_encode_param(&v, &oid, &fmt, &b, &len, &err), 0);
    cr_assert(len == 0 && b.len == 26);
    /* a buffer limit turns into an error */
    struct sqlx_buf small;
    sqlx_buf_init(&small, 4);
    v = sqlx_value_int(1);
    cr_assert_eq(sqlx_pg_encode_param(&v, &oid, &fmt, &small, &len, &err), SQLX_ETOOBIG);
    sqlx_buf_free(&small);
    sqlx_buf_free(&b);
}

/* Encodes v for oid; returns the rc and leaves bytes in *b. */
static int enc_as(uint32_t oid, struct sqlx_value v, struct sqlx_buf *b, int *fmt, int32_t *len,
                  struct sqlx_err *err)
{
    sqlx_buf_reset(b);
    sqlx_err_clear(err);
    return sqlx_pg_encode_param_as(oid, &v, fmt, b, len, err);
}

Test(pg_types, encode_param_as_target)
{
    struct sqlx_buf b;
    struct sqlx_err err;
    int fmt;
    int32_t len;
    sqlx_buf_init(&b, 0);
    cr_assert_eq(enc_as(SQLX_PG_INT2, sqlx_value_int(-2), &b, &fmt, &len, &err), 0);
    cr_assert(fmt == 1 && len == 2);
    assert_bytes(&b, 0, "\xff\xfe", 2);
    cr_assert_eq(enc_as(SQLX_PG_INT2, sqlx_value_int(70000), &b, &fmt, &len, &err), SQLX_EINVAL);
    cr_assert_str_eq(err.message, "value 70000 is out of range for type smallint");
    cr_assert_eq(b.len, 0);
    cr_assert_eq(enc_as(SQLX_PG_INT4, sqlx_value_int(INT32_MIN), &b, &fmt, &len, &err), 0);
    assert_bytes(&b, 0, "\x80\0\0\0", 4);
    cr_assert_eq(enc_as(SQLX_PG_INT4, sqlx_value_int(1LL << 31), &b, &fmt, &len, &err),
                 SQLX_EINVAL);
    cr_assert(strstr(err.message, "integer"), "%s", err.message);
    cr_assert_eq(enc_as(SQLX_PG_OID, sqlx_value_int(-1), &b, &fmt, &len, &err), SQLX_EINVAL);
    cr_assert_eq(enc_as(SQLX_PG_INT8, sqlx_value_int(5), &b, &fmt, &len, &err), 0);
    assert_bytes(&b, 0, "\0\0\0\0\0\0\0\x05", 8);
    cr_assert_eq(enc_as(SQLX_PG_FLOAT4, sqlx_value_float(1.5), &b, &fmt, &len, &err), 0);
    assert_bytes(&b, 0, "\x3f\xc0\0\0", 4);
    cr_assert_eq(enc_as(SQLX_PG_FLOAT8, sqlx_value_int(3), &b, &fmt, &len, &err), 0);
    assert_bytes(&b, 0, "\x40\x08\0\0\0\0\0\0", 8);
    cr_assert_eq(enc_as(SQLX_PG_INT4, sqlx_value_float(42.0), &b, &fmt, &len, &err), 0);
    assert_bytes(&b, 0, "\0\0\0\x2a", 4);
    cr_assert_eq(enc_as(SQLX_PG_INT4, sqlx_value_float(4.5), &b, &fmt, &len, &err),
                 SQLX_EINVAL);
    cr_assert_eq(enc_as(SQLX_PG_INT8, sqlx_value_float(9223372036854775808.0), &b, &fmt, &len,
                        &err),
                 SQLX_EINVAL);
    cr_assert_eq(enc_as(SQLX_PG_INT8, sqlx_value_float(NAN), &b, &fmt, &len, &err), SQLX_EINVAL);
    cr_assert_eq(enc_as(SQLX_PG_BOOL, sqlx_value_bool(false), &b, &fmt, &len, &err), 0);
    assert_bytes(&b, 0, "\0", 1);
    cr_assert_eq(enc_as(SQLX_PG_BOOL, sqlx_value_int(1), &b, &fmt, &len, &err), 0);
    assert_bytes(&b, 0, "\x01", 1);
    cr_assert_eq(enc_as(SQLX_PG_BOOL, sqlx_value_int(2), &b, &fmt, &len, &err), SQLX_EINVAL);
    /* text form for the server to parse */
    cr_assert_eq(enc_as(SQLX_PG_NUMERIC, sqlx_value_int(-12), &b, &fmt, &len, &err), 0);
    cr_assert(fmt == 0 && len == 3);
    assert_bytes(&b, 0, "-12", 3);
    cr_assert_eq(enc_as(SQLX_PG_NUMERIC, sqlx_value_float(0.1), &b, &fmt, &len, &err), 0);
    assert_bytes(&b, 0, "0.1", 3);
    cr_assert_eq(enc_as(SQLX_PG_NUMERIC, sqlx_value_float(1e300), &b, &fmt, &len, &err), 0);
    assert_bytes(&b, 0, "1e+300", 6);
    cr_assert_eq(enc_as(SQLX_PG_NUMERIC, sqlx_value_float(-INFINITY), &b, &fmt, &len, &err), 0);
    assert_bytes(&b, 0, "-Infinity", 9);
    cr_assert_eq(enc_as(SQLX_PG_TEXT, sqlx_value_bool(true), &b, &fmt, &len, &err), 0);
    cr_assert(fmt == 0);
    assert_bytes(&b, 0, "true", 4);
    cr_assert_eq(enc_as(SQLX_PG_DATE, sqlx_value_text("2024-01-02", 10), &b, &fmt, &len, &err),
                 0);
    cr_assert(fmt == 0 && len == 10);
    cr_assert_eq(enc_as(SQLX_PG_INT4, sqlx_value_text("12", 2), &b, &fmt, &len, &err), 0);
    cr_assert(fmt == 0 && len == 2);
    /* bytea takes text and blobs as raw bytes in binary: no escape parsing */
    cr_assert_eq(enc_as(SQLX_PG_BYTEA, sqlx_value_text("\\x41", 4), &b, &fmt, &len, &err), 0);
    cr_assert(fmt == 1 && len == 4);
    assert_bytes(&b, 0, "\\x41", 4);
    cr_assert_eq(enc_as(SQLX_PG_BYTEA, sqlx_value_blob("\0", 1), &b, &fmt, &len, &err), 0);
    cr_assert(fmt == 1 && len == 1);
    cr_assert_eq(enc_as(SQLX_PG_UUID, sqlx_value_null(), &b, &fmt, &len, &err), 0);
    cr_assert(len == -1 && b.len == 0);
    /* oid 0: as if the type were not known */
    cr_assert_eq(enc_as(0, sqlx_value_int(7), &b, &fmt, &len, &err), 0);
    cr_assert(fmt == 1 && len == 8);
    sqlx_buf_free(&b);
}

/* Parameters encoded in binary decode back to the same value through the result decoder. */
Test(pg_types, encode_decode_round_trip)
{
    static const struct {
        uint32_t oid;
        struct sqlx_value v;
    } cases[] = {
        { SQLX_PG_INT2, { .type = SQLX_V_INT, .i = -32768 } },
        { SQLX_PG_INT4, { .type = SQLX_V_INT, .i = 2147483647 } },
        { SQLX_PG_INT8, { .type = SQLX_V_INT, .i = INT64_MIN } },
        { SQLX_PG_OID, { .type = SQLX_V_INT, .i = 4294967295LL } },
        { SQLX_PG_FLOAT8, { .type = SQLX_V_FLOAT, .f = -0.0 } },
        { SQLX_PG_FLOAT4, { .type = SQLX_V_FLOAT, .f = 0.25 } },
        { SQLX_PG_BOOL, { .type = SQLX_V_BOOL, .b = true } },
        { SQLX_PG_BYTEA, { .type = SQLX_V_BLOB, .s = "a\0b", .n = 3 } },
    };
    struct sqlx_buf b;
    struct sqlx_err err;
    sqlx_buf_init(&b, 0);
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        int fmt;
        int32_t len;
        cr_assert_eq(enc_as(cases[i].oid, cases[i].v, &b, &fmt, &len, &err), 0);
        struct sqlx_value back = decode_ok(cases[i].oid, fmt, b.data, len);
        cr_assert(same_value(&back, &cases[i].v), "case %zu", i);
    }
    sqlx_buf_free(&b);
}

Test(pg_types, sqlstate_mapping)
{
    static const struct {
        const char *state;
        enum sqlx_code code;
        enum sqlx_constraint_kind kind;
    } cases[] = {
        { "23505", SQLX_ECONSTRAINT, SQLX_CONSTRAINT_UNIQUE },
        { "23503", SQLX_ECONSTRAINT, SQLX_CONSTRAINT_FOREIGN_KEY },
        { "23514", SQLX_ECONSTRAINT, SQLX_CONSTRAINT_CHECK },
        { "23502", SQLX_ECONSTRAINT, SQLX_CONSTRAINT_NOT_NULL },
        { "23P01", SQLX_ECONSTRAINT, SQLX_CONSTRAINT_NONE },
        { "08006", SQLX_EIO, SQLX_CONSTRAINT_NONE },
        { "08P01", SQLX_EIO, SQLX_CONSTRAINT_NONE },
        { "57P01", SQLX_EIO, SQLX_CONSTRAINT_NONE },
        { "28P01", SQLX_EINVAL, SQLX_CONSTRAINT_NONE },
        { "28000", SQLX_EINVAL, SQLX_CONSTRAINT_NONE },
        { "22P02", SQLX_EINVAL, SQLX_CONSTRAINT_NONE },
        { "57014", SQLX_ETIMEOUT, SQLX_CONSTRAINT_NONE },
        { "55P03", SQLX_ETIMEOUT, SQLX_CONSTRAINT_NONE },
        { "40001", SQLX_EBUSY, SQLX_CONSTRAINT_NONE },
        { "40P01", SQLX_EBUSY, SQLX_CONSTRAINT_NONE },
        { "53300", SQLX_EBUSY, SQLX_CONSTRAINT_NONE },
        { "54000", SQLX_ETOOBIG, SQLX_CONSTRAINT_NONE },
        { "0A000", SQLX_EUNSUPPORTED, SQLX_CONSTRAINT_NONE },
        { "42601", SQLX_EENGINE, SQLX_CONSTRAINT_NONE },
        { "42P01", SQLX_EENGINE, SQLX_CONSTRAINT_NONE },
        { "XX000", SQLX_EENGINE, SQLX_CONSTRAINT_NONE },
        { "", SQLX_EENGINE, SQLX_CONSTRAINT_NONE },
        { "2350", SQLX_EENGINE, SQLX_CONSTRAINT_NONE },
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        enum sqlx_constraint_kind kind = SQLX_CONSTRAINT_PRIMARY_KEY;
        cr_expect_eq(sqlx_pg_sqlstate_code(cases[i].state, &kind), cases[i].code, "%s",
                     cases[i].state);
        cr_expect_eq(kind, cases[i].kind, "%s", cases[i].state);
    }
    cr_assert_eq(sqlx_pg_sqlstate_code(NULL, NULL), SQLX_EENGINE);
}

Test(pg_types, type_table)
{
    cr_assert_str_eq(sqlx_pg_type_name(SQLX_PG_TIMESTAMPTZ), "timestamptz");
    cr_assert_str_eq(sqlx_pg_type_name(SQLX_PG_INT4_ARRAY), "_int4");
    cr_assert_null(sqlx_pg_type_name(869));
    cr_assert_eq(sqlx_pg_array_elem(SQLX_PG_JSONB_ARRAY), SQLX_PG_JSONB);
    cr_assert_eq(sqlx_pg_array_elem(SQLX_PG_JSON_ARRAY), SQLX_PG_JSON);
    cr_assert_eq(sqlx_pg_array_elem(SQLX_PG_INT4), 0);
    cr_assert(sqlx_pg_binary_ok(SQLX_PG_UUID_ARRAY));
    cr_assert(!sqlx_pg_binary_ok(869));
    cr_assert_eq(sqlx_pg_vtype(SQLX_PG_OID), SQLX_V_INT);
    cr_assert_eq(sqlx_pg_vtype(SQLX_PG_BYTEA), SQLX_V_BLOB);
    cr_assert_eq(sqlx_pg_vtype(SQLX_PG_NUMERIC), SQLX_V_TEXT);
    cr_assert_eq(sqlx_pg_vtype(869), SQLX_V_TEXT);
}
