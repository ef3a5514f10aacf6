# klikd — one GNU Makefile. `make` builds build/klikd; `make run` and
# `make test` are the two commands a newcomer needs (see README.md).

PREFIX  ?= /usr/local
DESTDIR ?=
BUILD   ?= build
CC      ?= cc
# Debian's python3: it sees the python3-* modules the tests use.
PYTHON  ?= /usr/bin/python3
DB      ?= var/klikd.db
LISTEN  ?= 127.0.0.1:8080

PKGS := libmicrohttpd sqlite3 jansson libcmark openssl libcurl

# pkg-config runs once, on first use: after the dependency step has run.
PKG_CFLAGS = $(eval PKG_CFLAGS := $$(shell pkg-config --cflags $(PKGS)))$(PKG_CFLAGS)
PKG_LIBS   = $(eval PKG_LIBS := $$(shell pkg-config --libs $(PKGS)))$(PKG_LIBS)

OPT      ?= -O2 -g
SANFLAGS ?=
CFLAGS  += $(OPT) -std=c11 -D_GNU_SOURCE -Wall -Wextra -Werror -Wshadow -Wstrict-prototypes \
           -Wno-missing-field-initializers -Iinclude $(SANFLAGS) $(PKG_CFLAGS)
LDFLAGS += $(SANFLAGS)
LDLIBS  += $(PKG_LIBS) -lpthread -lm

LIB_SRC  := $(sort $(wildcard src/*/*.c))
LIB_OBJ  := $(LIB_SRC:%.c=$(BUILD)/%.o)
MAIN_OBJ := $(BUILD)/src/main.o
UNIT_SRC := $(sort $(wildcard tests/unit/*.c))
UNIT_BIN := $(UNIT_SRC:tests/unit/%.c=$(BUILD)/tests/%)
FUZZ_SRC := $(sort $(wildcard tests/fuzz/*.c))

.PHONY: all deps deps-test run test sanitize bench lint fuzz clean install
.DELETE_ON_ERROR:
.SECONDARY:

all: $(BUILD)/klikd

deps:
	@scripts/deps.sh build

deps-test:
	@scripts/deps.sh test

$(BUILD)/.deps:
	@scripts/deps.sh build
	@mkdir -p $(@D) && touch $@

$(BUILD)/%.o: %.c | $(BUILD)/.deps
	@mkdir -p $(@D)
	$(CC) $(CFLAGS) -MMD -MP -c $< -o $@

$(BUILD)/klikd: $(MAIN_OBJ) $(LIB_OBJ)
	$(CC) $(LDFLAGS) -o $@ $^ $(LDLIBS)

$(BUILD)/tests/%: $(BUILD)/tests/unit/%.o $(LIB_OBJ)
	@mkdir -p $(@D)
	$(CC) $(LDFLAGS) -o $@ $^ $(LDLIBS)

run: deps all
	@scripts/port-free.sh $(LISTEN)
	@mkdir -p $(dir $(DB))
	$(BUILD)/klikd migrate --db $(DB)
	$(BUILD)/klikd import --db $(DB) seeds/*
	@scripts/demo-users.sh $(BUILD)/klikd $(DB) $(LISTEN)
	$(BUILD)/klikd serve --db $(DB) --listen $(LISTEN)

test: deps-test $(BUILD)/klikd $(UNIT_BIN)
	@KLIKD=$(BUILD)/klikd UNIT_DIR=$(BUILD)/tests PYTHON=$(PYTHON) tests/run.sh

# The whole suite again under AddressSanitizer and UndefinedBehaviorSanitizer.
sanitize:
	@$(MAKE) --no-print-directory BUILD=build/san OPT="-O1 -g -fno-omit-frame-pointer" \
	    SANFLAGS="-fsanitize=address,undefined -fno-sanitize-recover=all" test

bench: deps-test $(BUILD)/klikd
	@KLIKD=$(BUILD)/klikd $(PYTHON) bench/bench.py

# House rules no compiler checks (STYLE.md, DESIGN.md's layers): see
# scripts/lint.sh. Known violations wait in scripts/lint-allow.txt.
lint:
	@scripts/lint.sh

fuzz:
	@scripts/fuzz.sh

clean:
	rm -rf build

install: all
	install -d $(DESTDIR)$(PREFIX)/bin $(DESTDIR)$(PREFIX)/share/klikd
	install -m 755 $(BUILD)/klikd $(DESTDIR)$(PREFIX)/bin/klikd
	cp -R templates static migrations seeds $(DESTDIR)$(PREFIX)/share/klikd/

-include $(LIB_OBJ:.o=.d) $(MAIN_OBJ:.o=.d) $(UNIT_SRC:tests/unit/%.c=$(BUILD)/tests/unit/%.d)
