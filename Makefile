# SQLx OS build. `make` builds build/sqlx; `make test` installs what the suite needs, then runs the
# whole suite on the normal build and again on the sanitizer build (ASan + UBSan).
# SAN=1 selects the sanitizer build in build-asan/.

CC      ?= cc
SAN     ?= 0
ifeq ($(SAN),1)
B       ?= build-asan
OPT     := -O1 -g -fsanitize=address,undefined -fno-omit-frame-pointer -fno-sanitize-recover=all
else
B       ?= build
OPT     := -O2 -g
endif

WARN    := -Wall -Wextra -Werror -Wshadow -Wstrict-prototypes -Wmissing-prototypes -Wformat=2 \
           -Wundef -Wwrite-strings -Wpointer-arith -Wimplicit-fallthrough -Wvla
ROOT    := $(CURDIR)
CPPFLAGS:= -Isrc -D_GNU_SOURCE -DSQLX_SOURCE_DIR='"$(ROOT)"'
CFLAGS  := -std=c11 $(OPT) $(WARN) -MMD -MP
LIBS    := -lsqlite3 -lmicrohttpd -ljansson -lssl -lcrypto -lpthread -lm

LIB_SRC := $(sort $(filter-out src/cli/main.c,$(wildcard src/*/*.c)))
LIB_OBJ := $(LIB_SRC:%.c=$(B)/obj/%.o)
TEST_SRC:= $(sort $(wildcard tests/unit/*/*_test.c))
TEST_BIN:= $(TEST_SRC:tests/unit/%.c=$(B)/tests/%)

.PHONY: all run test check unit setup bench-api bench-pg bench-mysql bench-sql fuzz clean asan
all: $(B)/sqlx $(TEST_BIN)

$(B)/obj/%.o: %.c
	@mkdir -p $(dir $@)
	$(CC) $(CPPFLAGS) $(CFLAGS) -c $< -o $@

$(B)/libsqlx.a: $(LIB_OBJ)
	@rm -f $@
	ar rcs $@ $^

$(B)/sqlx: $(B)/obj/src/cli/main.o $(B)/libsqlx.a
	$(CC) $(CFLAGS) -o $@ $^ $(LIBS)

$(B)/tests/%: tests/unit/%.c $(B)/libsqlx.a
	@mkdir -p $(dir $@)
	$(CC) $(CPPFLAGS) $(CFLAGS) -Itests -o $@ $< $(B)/libsqlx.a -lcriterion $(LIBS)

# First of the README's two commands: build and serve the demo database.
run:
	bash scripts/setup.sh --no-npm
	$(MAKE) $(B)/sqlx
	./$(B)/sqlx serve

# Second: the whole suite, normal build then sanitizer build. Ends with "N passed, N failed".
test:
	bash scripts/setup.sh
	$(MAKE) all
	$(MAKE) SAN=1 all
	bash tests/run.sh build build-asan

# The suite on one build only (no setup): make check B=build
check: all
	bash tests/run.sh $(B)

setup:
	bash scripts/setup.sh

bench-api: $(B)/sqlx
	bash bench/api.sh $(B)/sqlx

bench-pg: $(B)/sqlx
	bash bench/pg.sh $(B)

# WireVM against libmariadb on a MariaDB that bench/mysql.sh starts (tests/harness/mariadb.sh).
bench-mysql: $(B)/sqlx
	bash bench/mysql.sh $(B)

# Statements parsed + translated per second for a 1 KB query, against python3-sqlglot.
bench-sql: $(B)/libsqlx.a
	bash bench/sql.sh $(B)

# libFuzzer targets: tests/fuzz/<name>_fuzz.c -> build-fuzz/<name>_fuzz (clang, ASan + UBSan).
# Run one: build-fuzz/<name>_fuzz -max_total_time=600 tests/fuzz/corpus/<name>
FUZZ_SRC := $(sort $(wildcard tests/fuzz/*_fuzz.c))
FUZZ_BIN := $(FUZZ_SRC:tests/fuzz/%.c=build-fuzz/%)
FUZZ_LIB_OBJ := $(LIB_SRC:%.c=build-fuzz/obj/%.o)
FUZZ_FLAGS := -std=c11 -O1 -g -fsanitize=fuzzer-no-link,address,undefined -fno-sanitize-recover=all
build-fuzz/obj/%.o: %.c
	@mkdir -p $(dir $@)
	clang $(CPPFLAGS) $(FUZZ_FLAGS) -c $< -o $@
build-fuzz/%_fuzz: tests/fuzz/%_fuzz.c $(FUZZ_LIB_OBJ)
	clang $(CPPFLAGS) -std=c11 -O1 -g -fsanitize=fuzzer,address,undefined -fno-sanitize-recover=all -o $@ $< $(FUZZ_LIB_OBJ) $(LIBS)
fuzz: $(FUZZ_BIN)

clean:
	rm -rf build build-asan build-fuzz

-include $(LIB_OBJ:.o=.d) $(B)/obj/src/cli/main.d
