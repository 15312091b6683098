// Millrace code-step driver. CodeSandbox evaluates it in every fresh context BEFORE the step's
// module, so the intrinsics it captures cannot have been tampered with by the step. Evaluating
// it yields a function (send, maxOutputBytes) that installs console (and fetch when `send` is
// not null) and returns run(ns, inputsJson, runId, stepPath) -> state. Java reads `state`
// after the call returns, by which time GraalJS has drained the microtask queue.
(function (send, maxOutputBytes) {
  'use strict';
  const stringify = JSON.stringify;
  const parse = JSON.parse;
  const freeze = Object.freeze;
  const entries = Object.entries;
  const isArray = Array.isArray;
  const toStr = String;
  const ErrorType = Error;
  const TypeErrorType = TypeError;
  const builtin = globalThis.console;
  const printOut = builtin.log;
  const printErr = builtin.error;
  const call = Function.prototype.call;
  const replaceIn = call.bind(String.prototype.replace);
  const lower = call.bind(String.prototype.toLowerCase);
  const join = call.bind(Array.prototype.join);
  const push = call.bind(Array.prototype.push);
  const then = call.bind(Promise.prototype.then);

  function describe(value) {
    try {
      return toStr(value);
    } catch (e) {
      return '[' + typeof value + ']';
    }
  }

  function format(args) {
    const parts = [];
    for (let i = 0; i < args.length; i++) {
      const v = args[i];
      let text;
      if (typeof v === 'string') {
        text = v;
      } else if (typeof v === 'function') {
        text = '[function ' + (v.name || 'anonymous') + ']';
      } else if (v !== null && typeof v === 'object' && !(v instanceof ErrorType)) {
        try {
          text = stringify(v);
        } catch (e) {
          text = describe(v);
        }
      } else {
        text = describe(v);
      }
      push(parts, text);
    }
    return join(parts, ' ');
  }

  const info = (...args) => call.call(printOut, builtin, format(args));
  const warn = (...args) => call.call(printErr, builtin, format(args));
  globalThis.console = freeze({ log: info, info: info, debug: info, warn: warn, error: warn });

  if (send !== null) {
    class EgressDeniedError extends ErrorType {
      constructor(message) {
        super(message);
        this.name = 'EgressDeniedError';
      }
    }

    const headerPairs = (headers) => {
      const pairs = [];
      if (headers === undefined || headers === null) return pairs;
      const list = isArray(headers) ? headers : entries(headers);
      for (const [name, value] of list) push(pairs, [toStr(name), toStr(value)]);
      return pairs;
    };

    const response = (reply) => {
      const headers = new Map();
      for (const [name, value] of reply.headers) {
        const key = lower(name);
        headers.set(key, headers.has(key) ? headers.get(key) + ', ' + value : value);
      }
      const body = reply.body;
      return freeze({
        status: reply.status,
        ok: reply.status >= 200 && reply.status < 300,
        url: reply.url,
        headers: freeze({
          get: (name) => (headers.has(lower(toStr(name))) ? headers.get(lower(toStr(name))) : null),
          has: (name) => headers.has(lower(toStr(name))),
        }),
        text: async () => body,
        json: async () => parse(body),
      });
    };

    globalThis.fetch = async function fetch(resource, init) {
      const options = init === undefined || init === null ? {} : init;
      const body = options.body === undefined || options.body === null ? null : options.body;
      if (body !== null && typeof body !== 'string') {
        throw new TypeErrorType('fetch body must be a string (use JSON.stringify)');
      }
      const method = options.method === undefined ? 'GET' : toStr(options.method);
      const redirects = options.redirect === 'manual' ? 0 : 5;
      const headers = stringify(headerPairs(options.headers));
      const reply = parse(send(method, toStr(resource), headers, body, redirects));
      if (reply.denied) throw new EgressDeniedError(reply.error);
      if (reply.error !== undefined) throw new TypeErrorType(reply.error);
      return response(reply);
    };
  }

  // UTF-8 size of a string without copying it to Java: non-ASCII chars add 1 or 2 bytes each,
  // and each half of a surrogate pair adds 1 (the pair becomes 4 bytes).
  function utf8Length(s) {
    const count = (re) => s.length - replaceIn(s, re, '').length;
    return s.length + count(/[\u0080-\u07ff]/g) + 2 * count(/[\u0800-\ud7ff\ue000-\uffff]/g)
        + count(/[\ud800-\udfff]/g);
  }

  function finish(state, value) {
    let json;
    try {
      json = stringify(value === undefined ? null : value);
    } catch (e) {
      state.status = 'notJson';
      state.message = describe(e);
      return;
    }
    if (typeof json !== 'string') {
      state.status = 'notJson';
      state.message = 'a ' + typeof value + ' has no JSON form';
      return;
    }
    if (json.length > maxOutputBytes) {
      state.status = 'tooBig';
      state.bytes = utf8Length(json);
      return;
    }
    state.status = 'ok';
    state.json = json;
  }

  const settle = async (value) => await value;

  function threw(state, error) {
    state.status = 'threw';
    state.rethrow = () => {
      throw error;
    };
  }

  return function run(ns, inputsJson, runId, stepPath) {
    const state = { __proto__: null, status: 'pending', json: null, message: null, bytes: 0 };
    const ctx = freeze({ runId: runId, stepPath: stepPath, idempotencyKey: runId + ':' + stepPath });
    let value;
    try {
      const main = ns.default;
      value = typeof main === 'function' ? main(parse(inputsJson), ctx) : main;
    } catch (error) {
      threw(state, error);
      return state;
    }
    // A plain value is finished at once; only a thenable pays for the promise machinery (the
    // interpreter makes that a good part of a short step's cost).
    const thenable =
      value !== null && (typeof value === 'object' || typeof value === 'function')
        && typeof value.then === 'function';
    if (!thenable) {
      finish(state, value);
      return state;
    }
    then(settle(value), (v) => finish(state, v), (error) => threw(state, error));
    return state;
  };
})
