// Runs in every fresh context before the tenant's code. It installs `kv` and `console` over one host
// function that takes and returns strings only, so no host object is ever reachable from the guest, and it
// captures pristine built-ins so that what the tenant's code overwrites cannot change how the platform reads
// its result.
(function (host) {
    'use strict';
    const g = globalThis;
    const stringify = JSON.stringify, parse = JSON.parse, P = Promise, E = Error, TE = TypeError, S = String;
    const resolveP = P.resolve.bind(P), rejectP = P.reject.bind(P);
    const then = P.prototype.then;
    const charAt = S.prototype.charAt, substring = S.prototype.substring, indexOf = S.prototype.indexOf;
    const join = Array.prototype.join, map = Array.prototype.map, freeze = Object.freeze, defineProperty = Object.defineProperty;

    // Host globals (Java, Packages, Polyglot, print, load, Graal...) are not deleted here: the engine's options
    // and the CONSTRAINED policy never install them, and deleting absent names cost a sixth of a trivial
    // execution. The hostile suite's "no host-looking globals" case fails if an upgrade brings one back.

    const call = (op, key, value) => {
        const r = host(op, key, value);
        if (charAt.call(r, 0) === 'o') {
            return resolveP(r.length > 1 ? parse(substring.call(r, 1)) : undefined);
        }
        const colon = indexOf.call(r, ':');
        const err = new E(substring.call(r, colon + 1));
        err.name = substring.call(r, 1, colon);
        return rejectP(err);
    };
    const keyOf = (k, what) => {
        if (typeof k !== 'string' || k.length === 0) {
            throw new TE(what + ' must be a non-empty string');
        }
        return k;
    };
    const guard = f => (...a) => { try { return f(...a); } catch (e) { return rejectP(e); } };
    const kv = freeze({
        get: guard(k => call('get', keyOf(k, 'kv.get key'), '')),
        put: guard((k, v) => {
            const json = stringify(v);
            if (json === undefined) {
                throw new TE('kv.put value must be JSON-serializable');
            }
            return call('put', keyOf(k, 'kv.put key'), json);
        }),
        delete: guard(k => call('delete', keyOf(k, 'kv.delete key'), '')),
        list: guard((prefix, limit) => call('list', prefix === undefined ? '' : S(prefix), S(limit === undefined ? 100 : limit))),
    });
    const format = v => {
        if (typeof v === 'string') {
            return v;
        }
        try {
            const j = stringify(v);
            return j === undefined ? S(v) : j;
        } catch (e) {
            return S(v);
        }
    };
    const log = (...args) => { host('console', join.call(map.call(args, format), ' '), ''); };
    const console = freeze({ log: log, info: log, warn: log, error: log, debug: log, trace: log });
    defineProperty(g, 'kv', { value: kv, writable: false, enumerable: false, configurable: false });
    defineProperty(g, 'console', { value: console, writable: false, enumerable: false, configurable: false });

    // 0 pending, 1 succeeded, 2 rejected or thrown, 3 not serializable
    let state = 0, out = 'null', errMessage = '', errStack = '';
    const describe = e => {
        try {
            if (e instanceof E) {
                errMessage = S(e.name) + ': ' + S(e.message);
                errStack = typeof e.stack === 'string' ? e.stack : '';
            } else {
                errMessage = 'Uncaught ' + format(e);
            }
        } catch (ignored) {
            errMessage = 'Uncaught exception';
        }
    };
    const finish = x => {
        if (x === undefined) {
            state = 1;
            out = 'null';
            return;
        }
        let j;
        try {
            j = stringify(x);
        } catch (e) {
            state = 3;
            describe(e);
            return;
        }
        if (j === undefined) {
            state = 3;
            errMessage = 'TypeError: a result of type ' + typeof x + ' is not JSON';
            return;
        }
        state = 1;
        out = j;
    };
    return freeze({
        bindArgs: json => { defineProperty(g, 'args', { value: parse(json), writable: true, enumerable: false, configurable: true }); },
        settle: v => {
            if (v !== null && (typeof v === 'object' || typeof v === 'function') && typeof v.then === 'function') {
                then.call(resolveP(v), finish, e => { state = 2; describe(e); });
            } else {
                finish(v);
            }
        },
        state: () => state,
        result: () => out,
        message: () => errMessage,
        stack: () => errStack,
    });
})
