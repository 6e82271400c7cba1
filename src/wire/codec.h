/* WireVM message codec: message layouts compiled from a pack's "protocol" and "messages" JSON into
 * op arrays, frame splitting (PostgreSQL tag + int32 length, MySQL int24 length + sequence id),
 * decoding of a frame into field values and encoding of a message from field values. Bytes only:
 * no I/O, no sockets, no protocol flow (that is vm.c). Decoded values point into the frame.
 *
 * Op array of one layout (fields in order; a repeat group is followed inline by its body):
 *
 *   DataRow:  [0] int16 ncols          slot 0
 *             [1] repeat count=slot 0  slot 1, body of 2 ops, item stride 2
 *             [2]   int32 len          item slot 0 (length of item slot 1)
 *             [3]   bytes:len value    item slot 1
 */
#ifndef SQLX_WIRE_CODEC_H
#define SQLX_WIRE_CODEC_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "core/arena.h"
#include "core/buf.h"
#include "core/err.h"

struct sqlx_wire__vctx;

/* Field types of a layout (the "type" text of a field in the pack). */
enum sqlx_wire_ftype {
    SQLX_WF_INT,             /* uint8..uint64, int8..int64, _le/_be; uint24 for MySQL */
    SQLX_WF_CSTRING,         /* cstring / null_terminated_string */
    SQLX_WF_FIXED_STRING,    /* fixed_string:N */
    SQLX_WF_FIXED_BYTES,     /* fixed_bytes:N */
    SQLX_WF_BYTES_REF,       /* bytes:FIELD, length from an earlier integer field; -1 = NULL */
    SQLX_WF_BYTES_REST,      /* bytes: the rest of the frame (or of nothing when optional) */
    SQLX_WF_LENENC_INT,      /* MySQL length-encoded integer */
    SQLX_WF_LENENC_STRING,   /* MySQL length-encoded string (0xfb = NULL) */
    SQLX_WF_LENENC_BYTES,    /* the same, typed as bytes */
    SQLX_WF_PARAM_LIST,      /* name\0value\0 ... \0 (PostgreSQL StartupMessage) */
    SQLX_WF_TAGGED_CSTRINGS, /* code byte + cstring ... 0 (PostgreSQL ErrorResponse) */
    SQLX_WF_CSTRING_LIST,    /* cstring ... empty cstring (PostgreSQL SASL mechanisms) */
    SQLX_WF_REPEAT,          /* repeated group; count from an earlier integer field, or "*":
                              * items until the end of the frame */
    SQLX_WF_NULL_BITMAP,     /* MySQL NULL bitmap of a later typed_values field (bit_offset bits
                              * first); computed on encode */
    SQLX_WF_TYPED_VALUES,    /* values whose wire encoding is chosen per item by a type code from
                              * a variable's list (MySQL binary rows, COM_STMT_EXECUTE) */
};

/* Encodings of a typed value, chosen by its type code through the field's "encodings" table. */
enum sqlx_wire_enc {
    SQLX_WENC_LENENC = 0, /* length-encoded bytes (strings, decimals, blobs) */
    SQLX_WENC_FIXED1,     /* 1 byte (TINY) */
    SQLX_WENC_FIXED2,     /* 2 bytes (SHORT, YEAR) */
    SQLX_WENC_FIXED4,     /* 4 bytes (LONG, INT24, FLOAT) */
    SQLX_WENC_FIXED8,     /* 8 bytes (LONGLONG, DOUBLE) */
    SQLX_WENC_LEN8,       /* one length byte, then that many bytes (DATE, DATETIME, TIME) */
    SQLX_WENC_EMPTY,      /* no bytes (the NULL type) */
};

/* Condition of a field's "if": the field is present only when it holds. */
enum sqlx_wire_cond_kind {
    SQLX_WCOND_NONE = 0,
    SQLX_WCOND_FIELD, /* subject: an earlier integer field of the same level */
    SQLX_WCOND_VAR,   /* subject: a variable of the VM (codec->vars) */
};
enum sqlx_wire_cond_cmp {
    SQLX_WCMP_EQ,    /* subject == value */
    SQLX_WCMP_NE,    /* subject != value */
    SQLX_WCMP_HAS,   /* (subject & value) == value: every bit set */
    SQLX_WCMP_LACKS, /* (subject & value) == 0: no bit set */
};

/* Op flags. */
#define SQLX_WOP_SIGNED   0x01u /* integer is signed */
#define SQLX_WOP_CONST    0x02u /* "value" given: written on encode, checked on decode */
#define SQLX_WOP_OPTIONAL 0x04u /* absent when the frame is already consumed */
#define SQLX_WOP_AFTER    0x08u /* starts at the end of field `after` (+ after_add) */
#define SQLX_WOP_LEN_OF   0x10u /* integer is the length of a later bytes:FIELD (auto on encode) */
#define SQLX_WOP_COUNT_OF 0x20u /* integer is the count of a later repeat group (auto on encode) */
#define SQLX_WOP_TO_END   0x40u /* REPEAT: items until the frame is consumed ("count": "*") */
#define SQLX_WOP_INDICATORS 0x80u /* TYPED_VALUES: an indicator byte before each value (0 value,
                                   * 1 NULL), MariaDB bulk execution */

/* One compiled field. Names and constant strings live in the codec's strs arena. */
struct sqlx_wire_op {
    uint8_t type;       /* enum sqlx_wire_ftype */
    uint8_t width;      /* integer width in bytes (1, 2, 3, 4, 8) */
    uint8_t big_endian; /* integer byte order */
    uint8_t flags;      /* SQLX_WOP_* */
    uint16_t slot;      /* value index within the message (top level) or group item */
    uint16_t ref;       /* BYTES_REF: slot of the length; REPEAT: slot of the count; LEN_OF /
                          * COUNT_OF: slot of the field it sizes */
    uint16_t after;     /* AFTER: slot of the field whose end is the start of this one */
    uint16_t body;      /* REPEAT: number of ops in the body that follows */
    uint16_t stride;    /* REPEAT: values per item (slots of the body's top level) */
    int32_t after_add;  /* AFTER: bytes added to that end */
    uint32_t size;      /* FIXED_*: byte count */
    int64_t cval;       /* CONST integer */
    const char *cstr;   /* CONST string (FIXED_STRING, CSTRING) */
    size_t cstr_len;
    const char *name;  /* field name */
    const char *const *codes; /* TAGGED_CSTRINGS: field name by code byte (256 entries, NULL
                               * for unknown codes), or NULL when the pack names none */
    uint8_t cond_kind;    /* enum sqlx_wire_cond_kind of "if" */
    uint8_t cond_cmp;     /* enum sqlx_wire_cond_cmp */
    uint16_t cond_slot;   /* FIELD: slot at the same level; VAR: variable slot */
    int64_t cond_value;   /* literal compared with */
    uint16_t var;         /* NULL_BITMAP, TYPED_VALUES: variable slot of the type-code list */
    const uint8_t *encs;  /* TYPED_VALUES: 256 entries of enum sqlx_wire_enc, by type code */
};

/* Fast paths a layout's shape may select (see sqlx_wire_decode). */
enum sqlx_wire_shape {
    SQLX_WSHAPE_GENERIC = 0,   /* interpreted */
    SQLX_WSHAPE_COUNTED_BYTES, /* int16/32 count, then count x (int32 len, bytes:len): DataRow */
    SQLX_WSHAPE_LENENC_TO_END, /* lenenc strings until the end of the frame: MySQL text row */
    SQLX_WSHAPE_BITMAP_TYPED,  /* const uint8, NULL bitmap, typed values: MySQL binary row */
};

enum sqlx_wire_dir {
    SQLX_WDIR_FRONTEND = 1, /* client to server */
    SQLX_WDIR_BACKEND = 2,  /* server to client */
    SQLX_WDIR_BOTH = 3,     /* CopyData, CopyDone */
};

/* One message layout. */
struct sqlx_wire_layout {
    const char *name;         /* "DataRow", from the pack */
    uint16_t id;              /* index in codec->msgs */
    int16_t tag;              /* tag byte, -1 when untagged */
    uint8_t dir;              /* enum sqlx_wire_dir */
    bool unframed;            /* no header at all: fixed-size raw bytes (SSLRequest answer) */
    bool untagged;            /* header without the tag byte (StartupMessage) */
    bool async;               /* may arrive between any two messages (NoticeResponse) */
    uint8_t shape;            /* enum sqlx_wire_shape */
    struct sqlx_wire_op *ops; /* nops ops, repeat bodies inline */
    uint16_t nops;
    uint16_t ntop;         /* top-level slots */
    uint32_t fixed_size;   /* unframed: payload size */
    int16_t next_same_tag; /* next backend layout with the same tag, -1 at the end */
    int16_t first_byte;    /* constant first byte (a const uint8 first field), -1 when none: lets
                            * an untagged receive skip candidates without decoding them */
    uint32_t max_size;     /* "max_size": a larger payload is some other message; 0 = no bound */
};

/* Frame header layout from protocol.framing. */
struct sqlx_wire_framing {
    bool tag;          /* one tag byte first */
    uint8_t len_width; /* 2, 3 or 4 */
    bool len_big_endian;
    bool len_includes_self; /* PostgreSQL: yes; MySQL: no */
    bool sequence;          /* MySQL sequence id byte after the length */
    bool split;             /* a payload of the largest length continues in the next frame (MySQL:
                             * 0xffffff-byte chunks, the last one shorter, maybe empty) */
    uint32_t max_frame;     /* largest payload accepted, bytes (joined, with split) */
};

/* A compiled codec: every layout of one protocol. Immutable once built; shared across threads. */
struct sqlx_wire_codec {
    struct sqlx_wire_framing framing;
    bool big_endian; /* protocol.byte_order default for integers */
    struct sqlx_wire_layout *msgs;
    uint16_t nmsgs;
    int16_t by_tag[256]; /* first backend layout with that tag, -1 */
    const char **vars;   /* names of the variables layouts read ("$name" in "if" and "types"),
                          * by slot; the VM numbers its own variables after these */
    uint16_t nvars;
    struct sqlx_arena strs; /* owns the names and constants above copied from the pack JSON */
};

/* Kinds of a field value. */
enum sqlx_wire_vkind {
    SQLX_WV_NONE = 0, /* not present (optional field after the end) */
    SQLX_WV_NULL,     /* bytes:FIELD with length -1, lenenc NULL */
    SQLX_WV_INT,      /* i */
    SQLX_WV_BYTES,    /* p, n */
    SQLX_WV_LIST,     /* items: encode input, or decoded repeat group */
    SQLX_WV_RAWLIST,  /* p, n: encoded param/tagged/cstring list, count entries */
};

/* A field value. Decoded bytes point into the frame; encode inputs point wherever the caller
 * keeps them. A LIST holds count items of `stride` values each (the group's fields in order; for
 * parameter_list: name, value pairs; for tagged_cstrings: INT code, BYTES text pairs; for
 * cstring_list: one BYTES per entry). */
struct sqlx_wire_val {
    uint8_t kind;   /* enum sqlx_wire_vkind */
    uint32_t count; /* LIST / RAWLIST: entries */
    union {
        int64_t i; /* INT */
        struct {
            const uint8_t *p; /* BYTES / RAWLIST */
            size_t n;
        };
        struct {
            const struct sqlx_wire_val *items; /* LIST given to encode */
            uint32_t first;                    /* LIST from decode: index into msg->vals */
        };
    };
};

/* A decoded message. vals grows as needed and is reused from frame to frame, so steady-state
 * decoding does not allocate. */
struct sqlx_wire_msg {
    const struct sqlx_wire_layout *layout; /* what the frame decoded as */
    const uint8_t *payload;                /* frame payload (after the header) */
    size_t len;
    uint8_t seq;                /* MySQL sequence id */
    struct sqlx_wire_val *vals; /* top level first (layout->ntop), then group items */
    uint32_t nvals;
    uint32_t cap;
    const struct sqlx_wire_val *vars; /* variables layouts may read (codec->vars order); set by
                                       * the caller, NULL = none */
    uint32_t nvars;
};

/* A split frame. */
struct sqlx_wire_frame {
    int tag;     /* tag byte, -1 when untagged */
    uint8_t seq; /* sequence id (MySQL) */
    const uint8_t *payload;
    size_t len;   /* payload bytes */
    size_t total; /* header + payload: what to consume */
};

/* ---- compile (pack loader) ---------------------------------------------------------------------- */

/* Compiles protocol.framing / byte_order and the messages object. Errors name the pack file and
 * JSON path (v). The codec copies what it keeps: the JSON may go after. */
int sqlx_wire__codec_compile(struct sqlx_wire__vctx *v, const void *protocol_json,
                             const void *messages_json,
                             struct sqlx_wire_codec **out) SQLX_MUST_CHECK;
void sqlx_wire_codec_free(struct sqlx_wire_codec *c);

/* Layout by name, NULL when absent. */
const struct sqlx_wire_layout *sqlx_wire_codec_find(const struct sqlx_wire_codec *c,
                                                    const char *name);
/* Top-level slot of a field by name, -1 when absent. */
int sqlx_wire_layout_slot(const struct sqlx_wire_layout *l, const char *field);
/* Slot of a field inside the repeat group at top-level slot `group`, -1 when absent. */
int sqlx_wire_layout_item_slot(const struct sqlx_wire_layout *l, int group, const char *field);
/* Values per item of the repeat group at top-level slot `group`, 0 when it is not a group. */
int sqlx_wire_layout_stride(const struct sqlx_wire_layout *l, int group);

/* ---- frames ---------------------------------------------------------------------------------------- */

/* Splits one frame off buf[0..n). tagged: whether this frame carries the tag byte (backend
 * frames do; untagged layouts do not). Returns 1 with f filled, 0 when more bytes are needed
 * (f->total then says how many the frame needs, when the header is complete, else 0), or
 * SQLX_EINVAL with err set for an impossible length. */
int sqlx_wire_frame_split(const struct sqlx_wire_codec *c, bool tagged, const uint8_t *buf,
                          size_t n, struct sqlx_wire_frame *f,
                          struct sqlx_err *err) SQLX_MUST_CHECK;

/* ---- decode ------------------------------------------------------------------------------------------ */

/* Outcome of a decode that did not succeed because a constant field differed: the frame is some
 * other message (used to pick among layouts sharing a tag). */
#define SQLX_WIRE_MISMATCH 1

/* Decodes payload[0..len) as layout l into msg. The frame must be consumed exactly. Returns 0,
 * SQLX_WIRE_MISMATCH when a constant field differs, or SQLX_EINVAL ("malformed DataRow message:
 * ...") when the bytes do not fit the layout. Never reads outside payload[0..len). */
int sqlx_wire_decode(const struct sqlx_wire_codec *c, const struct sqlx_wire_layout *l,
                     const uint8_t *payload, size_t len, struct sqlx_wire_msg *msg,
                     struct sqlx_err *err) SQLX_MUST_CHECK;
/* The same, always through the interpreter (tests compare it with the fast paths). */
int sqlx_wire_decode_interpreted(const struct sqlx_wire_codec *c, const struct sqlx_wire_layout *l,
                                 const uint8_t *payload, size_t len, struct sqlx_wire_msg *msg,
                                 struct sqlx_err *err) SQLX_MUST_CHECK;
/* Picks the backend layout for a split frame among the layouts with its tag (first whose
 * constants match) and decodes it. Untagged framing: tries `candidates` (ncand layout ids) in
 * order. Returns 0, or SQLX_EINVAL for an unknown or malformed message. */
int sqlx_wire_decode_frame(const struct sqlx_wire_codec *c, const struct sqlx_wire_frame *f,
                           const uint16_t *candidates, size_t ncand, struct sqlx_wire_msg *msg,
                           struct sqlx_err *err) SQLX_MUST_CHECK;
void sqlx_wire_msg_free(struct sqlx_wire_msg *msg);

/* Value of a top-level slot; a NONE value for slot < 0. */
const struct sqlx_wire_val *sqlx_wire_msg_val(const struct sqlx_wire_msg *msg, int slot);
/* Items of a LIST value (decoded or given). */
const struct sqlx_wire_val *sqlx_wire_msg_items(const struct sqlx_wire_msg *msg,
                                                const struct sqlx_wire_val *list);

/* Walks a RAWLIST of a parameter_list, tagged_cstrings or cstring_list value. */
struct sqlx_wire_iter {
    const uint8_t *p; /* next entry */
    const uint8_t *end;
    uint8_t type; /* enum sqlx_wire_ftype of the list */
};
void sqlx_wire_iter_init(struct sqlx_wire_iter *it, uint8_t type, const struct sqlx_wire_val *v);
/* Next entry: parameter_list gives name and value; tagged_cstrings gives the code in *code and
 * the text in value; cstring_list gives value. false at the end. */
bool sqlx_wire_iter_next(struct sqlx_wire_iter *it, int *code, struct sqlx_str *name,
                         struct sqlx_str *value);
/* Text of the entry with this code in a tagged_cstrings RAWLIST; false when absent. */
bool sqlx_wire_tagged_find(const struct sqlx_wire_val *v, int code, struct sqlx_str *out);

/* ---- encode ------------------------------------------------------------------------------------------ */

/* Appends message l with values vals, reading variables vars[0..nvars) for "if" conditions and
 * type lists. With sequence framing the header gets *seq, incremented per frame written; with
 * split framing a payload of 0xffffff bytes or more goes out as several frames. */
int sqlx_wire_encode_ex(const struct sqlx_wire_codec *c, const struct sqlx_wire_layout *l,
                        const struct sqlx_wire_val *vals, const struct sqlx_wire_val *vars,
                        uint32_t nvars, uint8_t *seq, struct sqlx_buf *out,
                        struct sqlx_err *err) SQLX_MUST_CHECK;
/* Variable slot of a name layouts read, -1 when none does. */
int sqlx_wire_codec_var(const struct sqlx_wire_codec *c, const char *name);

/* Appends message l with top-level values vals[0..l->ntop) to out: header, fields, length patched.
 * Constant fields are written from the layout; LEN_OF and COUNT_OF fields are computed; other
 * missing values (NONE) are an error unless optional. Returns 0 or SQLX_EINVAL naming the field. */
int sqlx_wire_encode(const struct sqlx_wire_codec *c, const struct sqlx_wire_layout *l,
                     const struct sqlx_wire_val *vals, struct sqlx_buf *out,
                     struct sqlx_err *err) SQLX_MUST_CHECK;

static inline struct sqlx_wire_val sqlx_wire_int(int64_t i)
{
    struct sqlx_wire_val v = { .kind = SQLX_WV_INT, .i = i };
    return v;
}
static inline struct sqlx_wire_val sqlx_wire_bytes(const void *p, size_t n)
{
    struct sqlx_wire_val v = { .kind = SQLX_WV_BYTES, .p = (const uint8_t *)p, .n = n };
    return v;
}
static inline struct sqlx_wire_val sqlx_wire_list(const struct sqlx_wire_val *items, uint32_t count)
{
    struct sqlx_wire_val v = { .kind = SQLX_WV_LIST, .count = count, .items = items };
    return v;
}
static inline struct sqlx_wire_val sqlx_wire_null(void)
{
    struct sqlx_wire_val v = { .kind = SQLX_WV_NULL };
    return v;
}

#endif
