import path$1 from 'node:path';
import { existsSync, statSync, realpathSync, readFileSync, readdirSync, lstatSync, mkdirSync, rmSync, writeFileSync, renameSync, mkdtempSync, symlinkSync, copyFileSync, openSync, writeSync, fsyncSync, closeSync } from 'node:fs';
import os$1 from 'node:os';
import * as fs from 'fs';
import fs__default from 'fs';
import * as path from 'path';
import path__default from 'path';
import require$$0 from 'zlib';
import crypto__default from 'crypto';
import { fileURLToPath } from 'node:url';
import { createHash, randomBytes } from 'node:crypto';
import { StringDecoder } from 'string_decoder';
import * as os from 'os';
import * as events from 'events';
import * as child from 'child_process';
import { ok } from 'assert';
import { setTimeout } from 'timers';
import zlib, { deflateRawSync, constants as constants$1, deflateRaw } from 'node:zlib';

var commonjsGlobal = typeof globalThis !== 'undefined' ? globalThis : typeof window !== 'undefined' ? window : typeof global !== 'undefined' ? global : typeof self !== 'undefined' ? self : {};

function getDefaultExportFromCjs (x) {
	return x && x.__esModule && Object.prototype.hasOwnProperty.call(x, 'default') ? x['default'] : x;
}

var __awaiter$3 = (undefined && undefined.__awaiter) || function (thisArg, _arguments, P, generator) {
    function adopt(value) { return value instanceof P ? value : new P(function (resolve) { resolve(value); }); }
    return new (P || (P = Promise))(function (resolve, reject) {
        function fulfilled(value) { try { step(generator.next(value)); } catch (e) { reject(e); } }
        function rejected(value) { try { step(generator["throw"](value)); } catch (e) { reject(e); } }
        function step(result) { result.done ? resolve(result.value) : adopt(result.value).then(fulfilled, rejected); }
        step((generator = generator.apply(thisArg, _arguments || [])).next());
    });
};
const { chmod, copyFile, lstat, mkdir, open, readdir, rename, rm, rmdir, stat, symlink, unlink } = fs.promises;
// export const {open} = 'fs'
const IS_WINDOWS$1 = process.platform === 'win32';
fs.constants.O_RDONLY;
function exists(fsPath) {
    return __awaiter$3(this, void 0, void 0, function* () {
        try {
            yield stat(fsPath);
        }
        catch (err) {
            if (err.code === 'ENOENT') {
                return false;
            }
            throw err;
        }
        return true;
    });
}
/**
 * On OSX/Linux, true if path starts with '/'. On Windows, true for paths like:
 * \, \hello, \\hello\share, C:, and C:\hello (and corresponding alternate separator cases).
 */
function isRooted(p) {
    p = normalizeSeparators(p);
    if (!p) {
        throw new Error('isRooted() parameter "p" cannot be empty');
    }
    if (IS_WINDOWS$1) {
        return (p.startsWith('\\') || /^[A-Z]:/i.test(p) // e.g. \ or \hello or \\hello
        ); // e.g. C: or C:\hello
    }
    return p.startsWith('/');
}
/**
 * Best effort attempt to determine whether a file exists and is executable.
 * @param filePath    file path to check
 * @param extensions  additional file extensions to try
 * @return if file exists and is executable, returns the file path. otherwise empty string.
 */
function tryGetExecutablePath(filePath, extensions) {
    return __awaiter$3(this, void 0, void 0, function* () {
        let stats = undefined;
        try {
            // test file exists
            stats = yield stat(filePath);
        }
        catch (err) {
            if (err.code !== 'ENOENT') {
                // eslint-disable-next-line no-console
                console.log(`Unexpected error attempting to determine if executable file exists '${filePath}': ${err}`);
            }
        }
        if (stats && stats.isFile()) {
            if (IS_WINDOWS$1) {
                // on Windows, test for valid extension
                const upperExt = path.extname(filePath).toUpperCase();
                if (extensions.some(validExt => validExt.toUpperCase() === upperExt)) {
                    return filePath;
                }
            }
            else {
                if (isUnixExecutable(stats)) {
                    return filePath;
                }
            }
        }
        // try each extension
        const originalFilePath = filePath;
        for (const extension of extensions) {
            filePath = originalFilePath + extension;
            stats = undefined;
            try {
                stats = yield stat(filePath);
            }
            catch (err) {
                if (err.code !== 'ENOENT') {
                    // eslint-disable-next-line no-console
                    console.log(`Unexpected error attempting to determine if executable file exists '${filePath}': ${err}`);
                }
            }
            if (stats && stats.isFile()) {
                if (IS_WINDOWS$1) {
                    // preserve the case of the actual file (since an extension was appended)
                    try {
                        const directory = path.dirname(filePath);
                        const upperName = path.basename(filePath).toUpperCase();
                        for (const actualName of yield readdir(directory)) {
                            if (upperName === actualName.toUpperCase()) {
                                filePath = path.join(directory, actualName);
                                break;
                            }
                        }
                    }
                    catch (err) {
                        // eslint-disable-next-line no-console
                        console.log(`Unexpected error attempting to determine the actual case of the file '${filePath}': ${err}`);
                    }
                    return filePath;
                }
                else {
                    if (isUnixExecutable(stats)) {
                        return filePath;
                    }
                }
            }
        }
        return '';
    });
}
function normalizeSeparators(p) {
    p = p || '';
    if (IS_WINDOWS$1) {
        // convert slashes on Windows
        p = p.replace(/\//g, '\\');
        // remove redundant slashes
        return p.replace(/\\\\+/g, '\\');
    }
    // remove redundant slashes
    return p.replace(/\/\/+/g, '/');
}
// on Mac/Linux, test the execute bit
//     R   W  X  R  W X R W X
//   256 128 64 32 16 8 4 2 1
function isUnixExecutable(stats) {
    return ((stats.mode & 1) > 0 ||
        ((stats.mode & 8) > 0 &&
            process.getgid !== undefined &&
            stats.gid === process.getgid()) ||
        ((stats.mode & 64) > 0 &&
            process.getuid !== undefined &&
            stats.uid === process.getuid()));
}

var __awaiter$2 = (undefined && undefined.__awaiter) || function (thisArg, _arguments, P, generator) {
    function adopt(value) { return value instanceof P ? value : new P(function (resolve) { resolve(value); }); }
    return new (P || (P = Promise))(function (resolve, reject) {
        function fulfilled(value) { try { step(generator.next(value)); } catch (e) { reject(e); } }
        function rejected(value) { try { step(generator["throw"](value)); } catch (e) { reject(e); } }
        function step(result) { result.done ? resolve(result.value) : adopt(result.value).then(fulfilled, rejected); }
        step((generator = generator.apply(thisArg, _arguments || [])).next());
    });
};
/**
 * Remove a path recursively with force
 *
 * @param inputPath path to remove
 */
function rmRF(inputPath) {
    return __awaiter$2(this, void 0, void 0, function* () {
        if (IS_WINDOWS$1) {
            // Check for invalid characters
            // https://docs.microsoft.com/en-us/windows/win32/fileio/naming-a-file
            if (/[*"<>|]/.test(inputPath)) {
                throw new Error('File path must not contain `*`, `"`, `<`, `>` or `|` on Windows');
            }
        }
        try {
            // note if path does not exist, error is silent
            yield rm(inputPath, {
                force: true,
                maxRetries: 3,
                recursive: true,
                retryDelay: 300
            });
        }
        catch (err) {
            throw new Error(`File was unable to be removed ${err}`);
        }
    });
}
/**
 * Make a directory.  Creates the full path with folders in between
 * Will throw if it fails
 *
 * @param   fsPath        path to create
 * @returns Promise<void>
 */
function mkdirP(fsPath) {
    return __awaiter$2(this, void 0, void 0, function* () {
        ok(fsPath, 'a path argument must be provided');
        yield mkdir(fsPath, { recursive: true });
    });
}
/**
 * Returns path of a tool had the tool actually been invoked.  Resolves via paths.
 * If you check and the tool does not exist, it will throw.
 *
 * @param     tool              name of the tool
 * @param     check             whether to check if tool exists
 * @returns   Promise<string>   path to tool
 */
function which(tool, check) {
    return __awaiter$2(this, void 0, void 0, function* () {
        if (!tool) {
            throw new Error("parameter 'tool' is required");
        }
        // recursive when check=true
        if (check) {
            const result = yield which(tool, false);
            if (!result) {
                if (IS_WINDOWS$1) {
                    throw new Error(`Unable to locate executable file: ${tool}. Please verify either the file path exists or the file can be found within a directory specified by the PATH environment variable. Also verify the file has a valid extension for an executable file.`);
                }
                else {
                    throw new Error(`Unable to locate executable file: ${tool}. Please verify either the file path exists or the file can be found within a directory specified by the PATH environment variable. Also check the file mode to verify the file is executable.`);
                }
            }
            return result;
        }
        const matches = yield findInPath(tool);
        if (matches && matches.length > 0) {
            return matches[0];
        }
        return '';
    });
}
/**
 * Returns a list of all occurrences of the given tool on the system path.
 *
 * @returns   Promise<string[]>  the paths of the tool
 */
function findInPath(tool) {
    return __awaiter$2(this, void 0, void 0, function* () {
        if (!tool) {
            throw new Error("parameter 'tool' is required");
        }
        // build the list of extensions to try
        const extensions = [];
        if (IS_WINDOWS$1 && process.env['PATHEXT']) {
            for (const extension of process.env['PATHEXT'].split(path.delimiter)) {
                if (extension) {
                    extensions.push(extension);
                }
            }
        }
        // if it's rooted, return it if exists. otherwise return empty.
        if (isRooted(tool)) {
            const filePath = yield tryGetExecutablePath(tool, extensions);
            if (filePath) {
                return [filePath];
            }
            return [];
        }
        // if any path separators, return empty
        if (tool.includes(path.sep)) {
            return [];
        }
        // build the list of directories
        //
        // Note, technically "where" checks the current directory on Windows. From a toolkit perspective,
        // it feels like we should not do this. Checking the current directory seems like more of a use
        // case of a shell, and the which() function exposed by the toolkit should strive for consistency
        // across platforms.
        const directories = [];
        if (process.env.PATH) {
            for (const p of process.env.PATH.split(path.delimiter)) {
                if (p) {
                    directories.push(p);
                }
            }
        }
        // find all matches
        const matches = [];
        for (const directory of directories) {
            const filePath = yield tryGetExecutablePath(path.join(directory, tool), extensions);
            if (filePath) {
                matches.push(filePath);
            }
        }
        return matches;
    });
}

var __awaiter$1 = (undefined && undefined.__awaiter) || function (thisArg, _arguments, P, generator) {
    function adopt(value) { return value instanceof P ? value : new P(function (resolve) { resolve(value); }); }
    return new (P || (P = Promise))(function (resolve, reject) {
        function fulfilled(value) { try { step(generator.next(value)); } catch (e) { reject(e); } }
        function rejected(value) { try { step(generator["throw"](value)); } catch (e) { reject(e); } }
        function step(result) { result.done ? resolve(result.value) : adopt(result.value).then(fulfilled, rejected); }
        step((generator = generator.apply(thisArg, _arguments || [])).next());
    });
};
/* eslint-disable @typescript-eslint/unbound-method */
const IS_WINDOWS = process.platform === 'win32';
/*
 * Class for running command line tools. Handles quoting and arg parsing in a platform agnostic way.
 */
class ToolRunner extends events.EventEmitter {
    constructor(toolPath, args, options) {
        super();
        if (!toolPath) {
            throw new Error("Parameter 'toolPath' cannot be null or empty.");
        }
        this.toolPath = toolPath;
        this.args = args || [];
        this.options = options || {};
    }
    _debug(message) {
        if (this.options.listeners && this.options.listeners.debug) {
            this.options.listeners.debug(message);
        }
    }
    _getCommandString(options, noPrefix) {
        const toolPath = this._getSpawnFileName();
        const args = this._getSpawnArgs(options);
        let cmd = noPrefix ? '' : '[command]'; // omit prefix when piped to a second tool
        if (IS_WINDOWS) {
            // Windows + cmd file
            if (this._isCmdFile()) {
                cmd += toolPath;
                for (const a of args) {
                    cmd += ` ${a}`;
                }
            }
            // Windows + verbatim
            else if (options.windowsVerbatimArguments) {
                cmd += `"${toolPath}"`;
                for (const a of args) {
                    cmd += ` ${a}`;
                }
            }
            // Windows (regular)
            else {
                cmd += this._windowsQuoteCmdArg(toolPath);
                for (const a of args) {
                    cmd += ` ${this._windowsQuoteCmdArg(a)}`;
                }
            }
        }
        else {
            // OSX/Linux - this can likely be improved with some form of quoting.
            // creating processes on Unix is fundamentally different than Windows.
            // on Unix, execvp() takes an arg array.
            cmd += toolPath;
            for (const a of args) {
                cmd += ` ${a}`;
            }
        }
        return cmd;
    }
    _processLineBuffer(data, strBuffer, onLine) {
        try {
            let s = strBuffer + data.toString();
            let n = s.indexOf(os.EOL);
            while (n > -1) {
                const line = s.substring(0, n);
                onLine(line);
                // the rest of the string ...
                s = s.substring(n + os.EOL.length);
                n = s.indexOf(os.EOL);
            }
            return s;
        }
        catch (err) {
            // streaming lines to console is best effort.  Don't fail a build.
            this._debug(`error processing line. Failed with error ${err}`);
            return '';
        }
    }
    _getSpawnFileName() {
        if (IS_WINDOWS) {
            if (this._isCmdFile()) {
                return process.env['COMSPEC'] || 'cmd.exe';
            }
        }
        return this.toolPath;
    }
    _getSpawnArgs(options) {
        if (IS_WINDOWS) {
            if (this._isCmdFile()) {
                let argline = `/D /S /C "${this._windowsQuoteCmdArg(this.toolPath)}`;
                for (const a of this.args) {
                    argline += ' ';
                    argline += options.windowsVerbatimArguments
                        ? a
                        : this._windowsQuoteCmdArg(a);
                }
                argline += '"';
                return [argline];
            }
        }
        return this.args;
    }
    _endsWith(str, end) {
        return str.endsWith(end);
    }
    _isCmdFile() {
        const upperToolPath = this.toolPath.toUpperCase();
        return (this._endsWith(upperToolPath, '.CMD') ||
            this._endsWith(upperToolPath, '.BAT'));
    }
    _windowsQuoteCmdArg(arg) {
        // for .exe, apply the normal quoting rules that libuv applies
        if (!this._isCmdFile()) {
            return this._uvQuoteCmdArg(arg);
        }
        // otherwise apply quoting rules specific to the cmd.exe command line parser.
        // the libuv rules are generic and are not designed specifically for cmd.exe
        // command line parser.
        //
        // for a detailed description of the cmd.exe command line parser, refer to
        // http://stackoverflow.com/questions/4094699/how-does-the-windows-command-interpreter-cmd-exe-parse-scripts/7970912#7970912
        // need quotes for empty arg
        if (!arg) {
            return '""';
        }
        // determine whether the arg needs to be quoted
        const cmdSpecialChars = [
            ' ',
            '\t',
            '&',
            '(',
            ')',
            '[',
            ']',
            '{',
            '}',
            '^',
            '=',
            ';',
            '!',
            "'",
            '+',
            ',',
            '`',
            '~',
            '|',
            '<',
            '>',
            '"'
        ];
        let needsQuotes = false;
        for (const char of arg) {
            if (cmdSpecialChars.some(x => x === char)) {
                needsQuotes = true;
                break;
            }
        }
        // short-circuit if quotes not needed
        if (!needsQuotes) {
            return arg;
        }
        // the following quoting rules are very similar to the rules that by libuv applies.
        //
        // 1) wrap the string in quotes
        //
        // 2) double-up quotes - i.e. " => ""
        //
        //    this is different from the libuv quoting rules. libuv replaces " with \", which unfortunately
        //    doesn't work well with a cmd.exe command line.
        //
        //    note, replacing " with "" also works well if the arg is passed to a downstream .NET console app.
        //    for example, the command line:
        //          foo.exe "myarg:""my val"""
        //    is parsed by a .NET console app into an arg array:
        //          [ "myarg:\"my val\"" ]
        //    which is the same end result when applying libuv quoting rules. although the actual
        //    command line from libuv quoting rules would look like:
        //          foo.exe "myarg:\"my val\""
        //
        // 3) double-up slashes that precede a quote,
        //    e.g.  hello \world    => "hello \world"
        //          hello\"world    => "hello\\""world"
        //          hello\\"world   => "hello\\\\""world"
        //          hello world\    => "hello world\\"
        //
        //    technically this is not required for a cmd.exe command line, or the batch argument parser.
        //    the reasons for including this as a .cmd quoting rule are:
        //
        //    a) this is optimized for the scenario where the argument is passed from the .cmd file to an
        //       external program. many programs (e.g. .NET console apps) rely on the slash-doubling rule.
        //
        //    b) it's what we've been doing previously (by deferring to node default behavior) and we
        //       haven't heard any complaints about that aspect.
        //
        // note, a weakness of the quoting rules chosen here, is that % is not escaped. in fact, % cannot be
        // escaped when used on the command line directly - even though within a .cmd file % can be escaped
        // by using %%.
        //
        // the saving grace is, on the command line, %var% is left as-is if var is not defined. this contrasts
        // the line parsing rules within a .cmd file, where if var is not defined it is replaced with nothing.
        //
        // one option that was explored was replacing % with ^% - i.e. %var% => ^%var^%. this hack would
        // often work, since it is unlikely that var^ would exist, and the ^ character is removed when the
        // variable is used. the problem, however, is that ^ is not removed when %* is used to pass the args
        // to an external program.
        //
        // an unexplored potential solution for the % escaping problem, is to create a wrapper .cmd file.
        // % can be escaped within a .cmd file.
        let reverse = '"';
        let quoteHit = true;
        for (let i = arg.length; i > 0; i--) {
            // walk the string in reverse
            reverse += arg[i - 1];
            if (quoteHit && arg[i - 1] === '\\') {
                reverse += '\\'; // double the slash
            }
            else if (arg[i - 1] === '"') {
                quoteHit = true;
                reverse += '"'; // double the quote
            }
            else {
                quoteHit = false;
            }
        }
        reverse += '"';
        return reverse.split('').reverse().join('');
    }
    _uvQuoteCmdArg(arg) {
        // Tool runner wraps child_process.spawn() and needs to apply the same quoting as
        // Node in certain cases where the undocumented spawn option windowsVerbatimArguments
        // is used.
        //
        // Since this function is a port of quote_cmd_arg from Node 4.x (technically, lib UV,
        // see https://github.com/nodejs/node/blob/v4.x/deps/uv/src/win/process.c for details),
        // pasting copyright notice from Node within this function:
        //
        //      Copyright Joyent, Inc. and other Node contributors. All rights reserved.
        //
        //      Permission is hereby granted, free of charge, to any person obtaining a copy
        //      of this software and associated documentation files (the "Software"), to
        //      deal in the Software without restriction, including without limitation the
        //      rights to use, copy, modify, merge, publish, distribute, sublicense, and/or
        //      sell copies of the Software, and to permit persons to whom the Software is
        //      furnished to do so, subject to the following conditions:
        //
        //      The above copyright notice and this permission notice shall be included in
        //      all copies or substantial portions of the Software.
        //
        //      THE SOFTWARE IS PROVIDED "AS IS", WITHOUT WARRANTY OF ANY KIND, EXPRESS OR
        //      IMPLIED, INCLUDING BUT NOT LIMITED TO THE WARRANTIES OF MERCHANTABILITY,
        //      FITNESS FOR A PARTICULAR PURPOSE AND NONINFRINGEMENT. IN NO EVENT SHALL THE
        //      AUTHORS OR COPYRIGHT HOLDERS BE LIABLE FOR ANY CLAIM, DAMAGES OR OTHER
        //      LIABILITY, WHETHER IN AN ACTION OF CONTRACT, TORT OR OTHERWISE, ARISING
        //      FROM, OUT OF OR IN CONNECTION WITH THE SOFTWARE OR THE USE OR OTHER DEALINGS
        //      IN THE SOFTWARE.
        if (!arg) {
            // Need double quotation for empty argument
            return '""';
        }
        if (!arg.includes(' ') && !arg.includes('\t') && !arg.includes('"')) {
            // No quotation needed
            return arg;
        }
        if (!arg.includes('"') && !arg.includes('\\')) {
            // No embedded double quotes or backslashes, so I can just wrap
            // quote marks around the whole thing.
            return `"${arg}"`;
        }
        // Expected input/output:
        //   input : hello"world
        //   output: "hello\"world"
        //   input : hello""world
        //   output: "hello\"\"world"
        //   input : hello\world
        //   output: hello\world
        //   input : hello\\world
        //   output: hello\\world
        //   input : hello\"world
        //   output: "hello\\\"world"
        //   input : hello\\"world
        //   output: "hello\\\\\"world"
        //   input : hello world\
        //   output: "hello world\\" - note the comment in libuv actually reads "hello world\"
        //                             but it appears the comment is wrong, it should be "hello world\\"
        let reverse = '"';
        let quoteHit = true;
        for (let i = arg.length; i > 0; i--) {
            // walk the string in reverse
            reverse += arg[i - 1];
            if (quoteHit && arg[i - 1] === '\\') {
                reverse += '\\';
            }
            else if (arg[i - 1] === '"') {
                quoteHit = true;
                reverse += '\\';
            }
            else {
                quoteHit = false;
            }
        }
        reverse += '"';
        return reverse.split('').reverse().join('');
    }
    _cloneExecOptions(options) {
        options = options || {};
        const result = {
            cwd: options.cwd || process.cwd(),
            env: options.env || process.env,
            silent: options.silent || false,
            windowsVerbatimArguments: options.windowsVerbatimArguments || false,
            failOnStdErr: options.failOnStdErr || false,
            ignoreReturnCode: options.ignoreReturnCode || false,
            delay: options.delay || 10000
        };
        result.outStream = options.outStream || process.stdout;
        result.errStream = options.errStream || process.stderr;
        return result;
    }
    _getSpawnOptions(options, toolPath) {
        options = options || {};
        const result = {};
        result.cwd = options.cwd;
        result.env = options.env;
        result['windowsVerbatimArguments'] =
            options.windowsVerbatimArguments || this._isCmdFile();
        if (options.windowsVerbatimArguments) {
            result.argv0 = `"${toolPath}"`;
        }
        return result;
    }
    /**
     * Exec a tool.
     * Output will be streamed to the live console.
     * Returns promise with return code
     *
     * @param     tool     path to tool to exec
     * @param     options  optional exec options.  See ExecOptions
     * @returns   number
     */
    exec() {
        return __awaiter$1(this, void 0, void 0, function* () {
            // root the tool path if it is unrooted and contains relative pathing
            if (!isRooted(this.toolPath) &&
                (this.toolPath.includes('/') ||
                    (IS_WINDOWS && this.toolPath.includes('\\')))) {
                // prefer options.cwd if it is specified, however options.cwd may also need to be rooted
                this.toolPath = path.resolve(process.cwd(), this.options.cwd || process.cwd(), this.toolPath);
            }
            // if the tool is only a file name, then resolve it from the PATH
            // otherwise verify it exists (add extension on Windows if necessary)
            this.toolPath = yield which(this.toolPath, true);
            return new Promise((resolve, reject) => __awaiter$1(this, void 0, void 0, function* () {
                this._debug(`exec tool: ${this.toolPath}`);
                this._debug('arguments:');
                for (const arg of this.args) {
                    this._debug(`   ${arg}`);
                }
                const optionsNonNull = this._cloneExecOptions(this.options);
                if (!optionsNonNull.silent && optionsNonNull.outStream) {
                    optionsNonNull.outStream.write(this._getCommandString(optionsNonNull) + os.EOL);
                }
                const state = new ExecState(optionsNonNull, this.toolPath);
                state.on('debug', (message) => {
                    this._debug(message);
                });
                if (this.options.cwd && !(yield exists(this.options.cwd))) {
                    return reject(new Error(`The cwd: ${this.options.cwd} does not exist!`));
                }
                const fileName = this._getSpawnFileName();
                const cp = child.spawn(fileName, this._getSpawnArgs(optionsNonNull), this._getSpawnOptions(this.options, fileName));
                let stdbuffer = '';
                if (cp.stdout) {
                    cp.stdout.on('data', (data) => {
                        if (this.options.listeners && this.options.listeners.stdout) {
                            this.options.listeners.stdout(data);
                        }
                        if (!optionsNonNull.silent && optionsNonNull.outStream) {
                            optionsNonNull.outStream.write(data);
                        }
                        stdbuffer = this._processLineBuffer(data, stdbuffer, (line) => {
                            if (this.options.listeners && this.options.listeners.stdline) {
                                this.options.listeners.stdline(line);
                            }
                        });
                    });
                }
                let errbuffer = '';
                if (cp.stderr) {
                    cp.stderr.on('data', (data) => {
                        state.processStderr = true;
                        if (this.options.listeners && this.options.listeners.stderr) {
                            this.options.listeners.stderr(data);
                        }
                        if (!optionsNonNull.silent &&
                            optionsNonNull.errStream &&
                            optionsNonNull.outStream) {
                            const s = optionsNonNull.failOnStdErr
                                ? optionsNonNull.errStream
                                : optionsNonNull.outStream;
                            s.write(data);
                        }
                        errbuffer = this._processLineBuffer(data, errbuffer, (line) => {
                            if (this.options.listeners && this.options.listeners.errline) {
                                this.options.listeners.errline(line);
                            }
                        });
                    });
                }
                cp.on('error', (err) => {
                    state.processError = err.message;
                    state.processExited = true;
                    state.processClosed = true;
                    state.CheckComplete();
                });
                cp.on('exit', (code) => {
                    state.processExitCode = code;
                    state.processExited = true;
                    this._debug(`Exit code ${code} received from tool '${this.toolPath}'`);
                    state.CheckComplete();
                });
                cp.on('close', (code) => {
                    state.processExitCode = code;
                    state.processExited = true;
                    state.processClosed = true;
                    this._debug(`STDIO streams have closed for tool '${this.toolPath}'`);
                    state.CheckComplete();
                });
                state.on('done', (error, exitCode) => {
                    if (stdbuffer.length > 0) {
                        this.emit('stdline', stdbuffer);
                    }
                    if (errbuffer.length > 0) {
                        this.emit('errline', errbuffer);
                    }
                    cp.removeAllListeners();
                    if (error) {
                        reject(error);
                    }
                    else {
                        resolve(exitCode);
                    }
                });
                if (this.options.input) {
                    if (!cp.stdin) {
                        throw new Error('child process missing stdin');
                    }
                    cp.stdin.end(this.options.input);
                }
            }));
        });
    }
}
/**
 * Convert an arg string to an array of args. Handles escaping
 *
 * @param    argString   string of arguments
 * @returns  string[]    array of arguments
 */
function argStringToArray(argString) {
    const args = [];
    let inQuotes = false;
    let escaped = false;
    let arg = '';
    function append(c) {
        // we only escape double quotes.
        if (escaped && c !== '"') {
            arg += '\\';
        }
        arg += c;
        escaped = false;
    }
    for (let i = 0; i < argString.length; i++) {
        const c = argString.charAt(i);
        if (c === '"') {
            if (!escaped) {
                inQuotes = !inQuotes;
            }
            else {
                append(c);
            }
            continue;
        }
        if (c === '\\' && escaped) {
            append(c);
            continue;
        }
        if (c === '\\' && inQuotes) {
            escaped = true;
            continue;
        }
        if (c === ' ' && !inQuotes) {
            if (arg.length > 0) {
                args.push(arg);
                arg = '';
            }
            continue;
        }
        append(c);
    }
    if (arg.length > 0) {
        args.push(arg.trim());
    }
    return args;
}
class ExecState extends events.EventEmitter {
    constructor(options, toolPath) {
        super();
        this.processClosed = false; // tracks whether the process has exited and stdio is closed
        this.processError = '';
        this.processExitCode = 0;
        this.processExited = false; // tracks whether the process has exited
        this.processStderr = false; // tracks whether stderr was written to
        this.delay = 10000; // 10 seconds
        this.done = false;
        this.timeout = null;
        if (!toolPath) {
            throw new Error('toolPath must not be empty');
        }
        this.options = options;
        this.toolPath = toolPath;
        if (options.delay) {
            this.delay = options.delay;
        }
    }
    CheckComplete() {
        if (this.done) {
            return;
        }
        if (this.processClosed) {
            this._setResult();
        }
        else if (this.processExited) {
            this.timeout = setTimeout(ExecState.HandleTimeout, this.delay, this);
        }
    }
    _debug(message) {
        this.emit('debug', message);
    }
    _setResult() {
        // determine whether there is an error
        let error;
        if (this.processExited) {
            if (this.processError) {
                error = new Error(`There was an error when attempting to execute the process '${this.toolPath}'. This may indicate the process failed to start. Error: ${this.processError}`);
            }
            else if (this.processExitCode !== 0 && !this.options.ignoreReturnCode) {
                error = new Error(`The process '${this.toolPath}' failed with exit code ${this.processExitCode}`);
            }
            else if (this.processStderr && this.options.failOnStdErr) {
                error = new Error(`The process '${this.toolPath}' failed because one or more lines were written to the STDERR stream`);
            }
        }
        // clear the timeout
        if (this.timeout) {
            clearTimeout(this.timeout);
            this.timeout = null;
        }
        this.done = true;
        this.emit('done', error, this.processExitCode);
    }
    static HandleTimeout(state) {
        if (state.done) {
            return;
        }
        if (!state.processClosed && state.processExited) {
            const message = `The STDIO streams did not close within ${state.delay / 1000} seconds of the exit event from process '${state.toolPath}'. This may indicate a child process inherited the STDIO streams and has not yet exited.`;
            state._debug(message);
        }
        state._setResult();
    }
}

var __awaiter = (undefined && undefined.__awaiter) || function (thisArg, _arguments, P, generator) {
    function adopt(value) { return value instanceof P ? value : new P(function (resolve) { resolve(value); }); }
    return new (P || (P = Promise))(function (resolve, reject) {
        function fulfilled(value) { try { step(generator.next(value)); } catch (e) { reject(e); } }
        function rejected(value) { try { step(generator["throw"](value)); } catch (e) { reject(e); } }
        function step(result) { result.done ? resolve(result.value) : adopt(result.value).then(fulfilled, rejected); }
        step((generator = generator.apply(thisArg, _arguments || [])).next());
    });
};
/**
 * Exec a command.
 * Output will be streamed to the live console.
 * Returns promise with return code
 *
 * @param     commandLine        command to execute (can include additional args). Must be correctly escaped.
 * @param     args               optional arguments for tool. Escaping is handled by the lib.
 * @param     options            optional exec options.  See ExecOptions
 * @returns   Promise<number>    exit code
 */
function exec(commandLine, args, options) {
    return __awaiter(this, void 0, void 0, function* () {
        const commandArgs = argStringToArray(commandLine);
        if (commandArgs.length === 0) {
            throw new Error(`Parameter 'commandLine' cannot be null or empty.`);
        }
        // Path to tool to execute should be first arg
        const toolPath = commandArgs[0];
        args = commandArgs.slice(1).concat(args || []);
        const runner = new ToolRunner(toolPath, args, options);
        return runner.exec();
    });
}
/**
 * Exec a command and get the output.
 * Output will be streamed to the live console.
 * Returns promise with the exit code and collected stdout and stderr
 *
 * @param     commandLine           command to execute (can include additional args). Must be correctly escaped.
 * @param     args                  optional arguments for tool. Escaping is handled by the lib.
 * @param     options               optional exec options.  See ExecOptions
 * @returns   Promise<ExecOutput>   exit code, stdout, and stderr
 */
function getExecOutput(commandLine, args, options) {
    return __awaiter(this, void 0, void 0, function* () {
        var _a, _b;
        let stdout = '';
        let stderr = '';
        //Using string decoder covers the case where a mult-byte character is split
        const stdoutDecoder = new StringDecoder('utf8');
        const stderrDecoder = new StringDecoder('utf8');
        const originalStdoutListener = (_a = options === null || options === void 0 ? void 0 : options.listeners) === null || _a === void 0 ? void 0 : _a.stdout;
        const originalStdErrListener = (_b = options === null || options === void 0 ? void 0 : options.listeners) === null || _b === void 0 ? void 0 : _b.stderr;
        const stdErrListener = (data) => {
            stderr += stderrDecoder.write(data);
            if (originalStdErrListener) {
                originalStdErrListener(data);
            }
        };
        const stdOutListener = (data) => {
            stdout += stdoutDecoder.write(data);
            if (originalStdoutListener) {
                originalStdoutListener(data);
            }
        };
        const listeners = Object.assign(Object.assign({}, options === null || options === void 0 ? void 0 : options.listeners), { stdout: stdOutListener, stderr: stdErrListener });
        const exitCode = yield exec(commandLine, args, Object.assign(Object.assign({}, options), { listeners }));
        //flush any remaining characters
        stdout += stdoutDecoder.end();
        stderr += stderrDecoder.end();
        return {
            exitCode,
            stdout,
            stderr
        };
    });
}

const OPTIONS = [
    {
        key: 'package.name',
        kind: 'string',
        defaultText: 'the project folder\'s name',
        description: 'Name of your package; names the default output file.'
    },
    {
        key: 'package.type',
        kind: 'string',
        choices: ['plain', 'flask'],
        defaultText: '`plain`',
        description: '`plain`: a Lambda handler function; `flask`: a Flask or any WSGI app behind the HTTP shim.'
    },
    {
        key: 'package.entry',
        kind: 'string',
        defaultText: 'required',
        description: 'What the shim calls: `from yourapp.main import app`, `from a.b import c as d` or `a.b:c`.'
    },
    {
        key: 'package.events-entry',
        kind: 'string',
        defaultText: 'none: non-HTTP events fail with a clear error',
        description: 'For `flask`: a plain `(event, context)` function for non-HTTP events (SQS, S3, schedules…), in the same forms as `package.entry`.'
    },
    {
        key: 'package.base-path',
        kind: 'string',
        defaultText: 'none',
        description: 'For `flask` behind a custom domain\'s API mapping: this leading path (e.g. `/api`) becomes SCRIPT_NAME, matched on whole segments.'
    },
    {
        key: 'package.text-mime-types',
        kind: 'list',
        defaultText: '`text/*`, JSON, XML, JavaScript and form types',
        description: 'For `flask`: more response content types sent as text rather than base64 (`application/x-foo`, or `application/*`).'
    },
    {
        key: 'package.runtime',
        kind: 'string',
        defaultText: 'required',
        description: 'The function\'s Lambda runtime: `python3.10` … `python3.14`.'
    },
    {
        key: 'package.architecture',
        kind: 'string',
        choices: ['x86_64', 'arm64'],
        defaultText: '`x86_64`',
        description: 'The function\'s architecture; wheels are chosen for it.'
    },
    {
        key: 'package.path',
        kind: 'string',
        defaultText: 'the settings file\'s folder, else the current folder',
        description: 'The project folder: one with `pyproject.toml`/`setup.py`, or a plain folder of Python files.'
    },
    {
        key: 'package.requirements',
        kind: 'list',
        defaultText: '`requirements.txt` in the project folder, when present',
        description: 'Requirements files whose dependencies are installed besides the project\'s declared ones.'
    },
    {
        key: 'package.python',
        kind: 'string',
        defaultText: '`python3`',
        description: 'The interpreter that runs pip (and builds the project).'
    },
    {
        key: 'package.installer',
        kind: 'string',
        choices: ['pip', 'uv'],
        defaultText: '`pip`',
        description: 'What installs the dependencies and builds the project\'s wheel (`pip wheel` or `uv build --wheel`). `uv` resolves environment markers for the target itself and builds faster (uv from PATH, or `python -m uv`).'
    },
    {
        key: 'package.index-url',
        kind: 'string',
        defaultText: 'pip\'s own (PyPI, or `PIP_INDEX_URL`)',
        description: 'Package index to install from; credentials in it never reach logs or cache keys.'
    },
    {
        key: 'package.extra-index-url',
        kind: 'list',
        defaultText: 'none',
        description: 'Further package indexes.'
    },
    {
        key: 'package.exclude',
        kind: 'list',
        defaultText: 'none (`__pycache__` and `*.pyc` are always left out)',
        description: 'Globs of files to leave out of the zip (`**/*.md`, `botocore/data/ec2/**`); `*.dist-info` is always kept.'
    },
    {
        key: 'package.include',
        kind: 'list',
        defaultText: 'none',
        description: 'Globs of a plain folder\'s files to keep although the default excludes (secrets, VCS and tool folders) would leave them out.'
    },
    {
        key: 'package.strip-tests',
        kind: 'boolean',
        defaultText: '`false`',
        description: 'Leave out `tests/` and `test/` folders inside dependencies.'
    },
    {
        key: 'package.skip-runtime-provided',
        kind: 'boolean',
        defaultText: '`false`',
        description: 'Leave out what the Lambda runtime already provides (boto3, botocore, s3transfer, jmespath, python-dateutil, six, urllib3). AWS recommends bundling boto3, so this is opt-in.'
    },
    {
        key: 'package.compile',
        kind: 'boolean',
        defaultText: '`false`',
        description: 'Ship bytecode (`unchecked-hash` .pyc, reproducible) for faster cold starts; needs Python of the runtime\'s exact version.'
    },
    {
        key: 'package.import-check',
        kind: 'boolean',
        defaultText: '`false`',
        description: 'Before writing the zip, import the entry from it in an isolated interpreter; needs Python of the runtime\'s version and machine.'
    },
    {
        key: 'output.path',
        kind: 'string',
        defaultText: '`build/<package.name>.zip`',
        description: 'Where the zip is written (atomically: a failed run leaves an existing file as it was).'
    },
    {
        key: 'cache',
        kind: 'boolean',
        defaultText: '`true`',
        description: 'Reuse the dependency layer from `$SPINDRIFT_CACHE_DIR` (default `~/.cache/spindrift`). CLI: `--no-cache`.'
    }
];
const OPTION_KEYS = OPTIONS.map(o => o.key);
/** `package.index-url` → `package-index-url`: the CLI flag (with `--`) and the action input. */
function dashed(key) {
    return key.replace(/\./g, '-');
}

/**
 * A problem the user can fix: bad settings, a missing path, a dependency with no wheel for the target.
 * Its message is one sentence (what is wrong, where, how to fix it); the faces print it without a stack trace.
 */
class SpindriftError extends Error {
    /** Where the problem is, when it is in a file: used for annotations. */
    file;
    line;
    constructor(message, where = {}) {
        super(message);
        this.name = 'SpindriftError';
        this.file = where.file;
        this.line = where.line;
    }
}
/**
 * How a CLI command ends on an error: a SpindriftError is its one sentence (exit 1); anything else is an
 * internal error, with the stack only when SPINDRIFT_DEBUG is set (exit 70).
 */
function reportFailure(error) {
    if (error instanceof SpindriftError) {
        process.stderr.write(`spindrift: ${error.message}\n`);
        return 1;
    }
    const detail = process.env.SPINDRIFT_DEBUG ? error.stack : error.message;
    process.stderr.write(`spindrift: unexpected internal error: ${detail}; please report it (set SPINDRIFT_DEBUG=1 for details).\n`);
    return 70;
}
/** Closest candidate by edit distance, for "did you mean" hints; undefined when nothing is close. */
function closest(word, candidates) {
    let best;
    let bestDistance = Infinity;
    for (const candidate of candidates) {
        const d = editDistance(word.toLowerCase(), candidate.toLowerCase());
        if (d < bestDistance) {
            best = candidate;
            bestDistance = d;
        }
    }
    return bestDistance <= Math.max(2, Math.floor(word.length / 3)) ? best : undefined;
}
function editDistance(a, b) {
    let previous = Array.from({ length: b.length + 1 }, (_, i) => i);
    for (let i = 1; i <= a.length; i++) {
        const current = [i];
        for (let j = 1; j <= b.length; j++) {
            current[j] = Math.min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + (a[i - 1] === b[j - 1] ? 0 : 1));
        }
        previous = current;
    }
    return previous[b.length];
}

const ACCEPTED_FORMS = '"from yourapp.main import app", "from yourapp.main import app as application" or "yourapp.main:app"';
const PYTHON_KEYWORDS = new Set(('False None True and as assert async await break class continue def del elif else except finally for from ' +
    'global if import in is lambda nonlocal not or pass raise return try while with yield').split(' '));
const FROM_IMPORT = /^from\s+(\S+)\s+import\s+(\S+)(?:\s+as\s+(\S+))?$/;
const COLON_FORM = /^([^:\s]+):([^:\s]+)$/;
const IDENTIFIER = /^[\p{L}_][\p{L}\p{N}_]*$/u;
/**
 * Parse the seed's entry string. The result only ever holds validated identifiers: the shim is generated
 * from these parts, never from the user's text.
 */
function parseEntry(text, setting = 'package.entry') {
    const trimmed = text.trim();
    const match = FROM_IMPORT.exec(trimmed) ?? COLON_FORM.exec(trimmed);
    if (!match)
        throw badEntry(text, setting, 'it is not in an accepted form');
    const [, module, attribute] = match;
    for (const part of module.split('.')) {
        const problem = identifierProblem(part);
        if (problem)
            throw badEntry(text, setting, `module "${module}" ${problem}`);
    }
    const problem = identifierProblem(attribute);
    if (problem)
        throw badEntry(text, setting, `"${attribute}" ${problem}`);
    // An `as` alias names nothing the shim needs, but it must still be a valid name.
    const alias = match[3];
    const aliasProblem = alias === undefined ? undefined : identifierProblem(alias);
    if (aliasProblem)
        throw badEntry(text, setting, `alias "${alias}" ${aliasProblem}`);
    return { module, attribute };
}
function identifierProblem(name) {
    if (!IDENTIFIER.test(name))
        return 'is not a valid Python name';
    if (PYTHON_KEYWORDS.has(name))
        return 'is a Python keyword';
    if (name.startsWith('__') && name.endsWith('__'))
        return 'is a reserved dunder name';
    return undefined;
}
function badEntry(text, setting, why) {
    const shown = JSON.stringify(text.length > 80 ? text.slice(0, 80) + '…' : text);
    return new SpindriftError(`${setting} ${shown} cannot be used because ${why}; write it as ${ACCEPTED_FORMS}.`);
}

/** What every Lambda Python runtime ships besides the standard library. */
const AWS_SDK = ['boto3', 'botocore', 's3transfer', 'jmespath', 'python-dateutil', 'six', 'urllib3'];
const RUNTIMES = [
    { name: 'python3.9', pythonVersion: '3.9', amazonLinux: 'AL2', glibc: [2, 26], deprecated: '2025-12-15', provides: AWS_SDK },
    { name: 'python3.10', pythonVersion: '3.10', amazonLinux: 'AL2', glibc: [2, 26], provides: AWS_SDK },
    { name: 'python3.11', pythonVersion: '3.11', amazonLinux: 'AL2', glibc: [2, 26], provides: AWS_SDK },
    { name: 'python3.12', pythonVersion: '3.12', amazonLinux: 'AL2023', glibc: [2, 34], provides: AWS_SDK },
    { name: 'python3.13', pythonVersion: '3.13', amazonLinux: 'AL2023', glibc: [2, 34], provides: AWS_SDK },
    { name: 'python3.14', pythonVersion: '3.14', amazonLinux: 'AL2023', glibc: [2, 34], provides: AWS_SDK }
];
/** Runtimes Lambda no longer runs: naming one is an error, not a warning. */
const RETIRED = ['python2.7', 'python3.6', 'python3.7', 'python3.8'];
/** The machine name in wheel tags and `platform.machine()` for each Lambda architecture. */
const WHEEL_ARCH = { x86_64: 'x86_64', arm64: 'aarch64' };
function currentRuntimeNames() {
    return RUNTIMES.filter(r => !r.deprecated).map(r => r.name);
}
function findRuntime(name) {
    const runtime = RUNTIMES.find(r => r.name === name);
    if (runtime)
        return runtime;
    const current = currentRuntimeNames().join(', ');
    if (RETIRED.includes(name)) {
        throw new SpindriftError(`package.runtime "${name}" is retired: AWS Lambda no longer runs it; choose one of the current runtimes: ${current}.`);
    }
    const suggestion = RUNTIMES.find(r => r.name === `python${name}`)?.name ?? closest(name, RUNTIMES.map(r => r.name));
    const hint = suggestion ? `did you mean "${suggestion}"? The current runtimes are ${current}.` : `choose one of: ${current}.`;
    throw new SpindriftError(`package.runtime "${name}" is not an AWS Lambda Python runtime; ${hint}`);
}
/**
 * Every platform tag pip must be given for the target: pip's --platform is an exact match, so a single
 * manylinux2014 tag would miss wheels published only as manylinux_2_28. Newest first, as pip prefers them.
 */
function platformTags(runtime, architecture) {
    const arch = WHEEL_ARCH[architecture];
    const [major, ceiling] = runtime.glibc;
    const tags = [];
    for (let minor = ceiling; minor >= MANYLINUX_FLOOR[architecture]; minor--)
        tags.push(`manylinux_${major}_${minor}_${arch}`);
    // Legacy aliases of glibc 2.17 / 2.12 / 2.5: older wheels carry only these names.
    tags.push(`manylinux2014_${arch}`);
    if (architecture === 'x86_64')
        tags.push(`manylinux2010_${arch}`, `manylinux1_${arch}`);
    return tags;
}
/** Oldest glibc a manylinux wheel exists for: manylinux1 (2.5) on x86_64, manylinux2014 (2.17) on aarch64. */
const MANYLINUX_FLOOR = { x86_64: 5, arm64: 17 };
/** "manylinux_2_5…2_26_x86_64 (and the legacy manylinux names)": the tag list in one readable phrase. */
function describeTags(runtime, architecture) {
    const arch = WHEEL_ARCH[architecture];
    const [major, ceiling] = runtime.glibc;
    const floor = MANYLINUX_FLOOR[architecture];
    return `manylinux_${major}_${floor}…${major}_${ceiling}_${arch} (and the legacy manylinux names)`;
}

/** `a/**\/b*.py` → a RegExp over whole entry names. */
function globToRegExp(glob) {
    let pattern = '';
    for (let i = 0; i < glob.length; i++) {
        const c = glob[i];
        if (c === '*' && glob[i + 1] === '*') {
            const slash = glob[i + 2] === '/';
            pattern += slash ? '(?:.*/)?' : '.*';
            i += slash ? 2 : 1;
        }
        else if (c === '*')
            pattern += '[^/]*';
        else if (c === '?')
            pattern += '[^/]';
        else
            pattern += c.replace(/[.+^${}()|[\]\\]/g, '\\$&');
    }
    // A pattern without a slash matches a name at any depth, like .gitignore.
    return new RegExp(glob.includes('/') ? `^${pattern}(?:/.*)?$` : `^(?:.*/)?${pattern}(?:/.*)?$`);
}
function checkGlobs(globs, setting) {
    for (const glob of globs) {
        if (!glob || glob.startsWith('/') || glob.split('/').includes('..')) {
            throw new SpindriftError(`${setting} pattern "${glob}" must be relative to the zip's root (for example "**/*.md" or "botocore/data/**").`);
        }
    }
}

/** A Lambda handler function, bound as it is. */
const plain = {
    type: 'plain',
    ownSettings: [],
    shimConfig: app => ({ type: 'plain', module: app.entry.module, attribute: app.entry.attribute })
};
/** Any WSGI app (Flask, Django's WSGI application…) behind the shim's PEP 3333 adapter. */
const wsgi = {
    type: 'flask',
    ownSettings: ['package.events-entry', 'package.base-path', 'package.text-mime-types'],
    shimConfig: app => {
        const config = { type: 'flask', module: app.entry.module, attribute: app.entry.attribute };
        if (app.eventsEntry)
            Object.assign(config, { events_module: app.eventsEntry.module, events_attribute: app.eventsEntry.attribute });
        if (app.basePath)
            config.base_path = app.basePath;
        if (app.textMimeTypes.length)
            config.text_mime_types = app.textMimeTypes;
        return config;
    }
};
const APP_KINDS = [plain, wsgi];
function appKind(type) {
    const kind = APP_KINDS.find(k => k.type === type);
    if (!kind)
        throw new Error(`no app kind for package.type ${type}`);
    return kind;
}
/** Settings given that belong to another kind than the chosen one: one sentence naming them and the kind they need. */
function checkKindSettings(type, given) {
    const chosen = appKind(type);
    for (const other of APP_KINDS) {
        if (other === chosen)
            continue;
        const foreign = given.filter(setting => other.ownSettings.includes(setting) && !chosen.ownSettings.includes(setting));
        if (foreign.length === 0)
            continue;
        throw new SpindriftError(`${foreign.join(' and ')} only apply to package.type ${other.type}, but the type is ${type}; remove ${foreign.length > 1 ? 'them' : 'it'} or set package.type to ${other.type}.`);
    }
}

/** Turn merged option values into a Plan, or fail with the first problem found. */
function resolvePlan(values, context) {
    const str = (key) => {
        const value = values[key];
        return typeof value === 'string' && value !== '' ? value : undefined;
    };
    const list = (key) => {
        const value = values[key];
        return Array.isArray(value) ? value : undefined;
    };
    const entryText = str('package.entry');
    if (!entryText) {
        throw new SpindriftError('package.entry is not set; set it in settings.spindrift or with --package-entry, for example "from yourapp.main import app".');
    }
    const entry = parseEntry(entryText);
    const runtimeName = str('package.runtime');
    if (!runtimeName) {
        throw new SpindriftError('package.runtime is not set; set it to your function\'s runtime (for example python3.12) in settings.spindrift or with --package-runtime.');
    }
    const runtime = findRuntime(runtimeName);
    const architecture = (str('package.architecture') ?? 'x86_64');
    const projectDir = str('package.path') ?? context.baseDir;
    if (!existsSync(projectDir)) {
        throw new SpindriftError(`package.path ${projectDir} does not exist; point it at your project folder.`);
    }
    if (!statSync(projectDir).isDirectory()) {
        throw new SpindriftError(`package.path ${projectDir} is a file, not a folder; point it at the folder that holds your project.`);
    }
    const requirementFiles = list('package.requirements') ?? defaultRequirements(projectDir);
    for (const file of requirementFiles) {
        if (!existsSync(file) || !statSync(file).isFile()) {
            throw new SpindriftError(`Requirements file ${file} does not exist; fix package.requirements (or --package-requirements).`);
        }
    }
    if (context.boundary) {
        for (const [setting, target] of [['package.path', projectDir], ...requirementFiles.map(f => ['package.requirements', f])]) {
            if (!isInside(realpathSync(target), realpathSync(context.boundary))) {
                throw new SpindriftError(`${setting} ${target} is outside the workspace ${context.boundary}; package only what the workflow checked out (move the files into the repository, or fix the path).`);
            }
        }
    }
    const name = str('package.name') ?? path$1.basename(projectDir);
    const outputPath = str('output.path') ?? path$1.join(context.baseDir, 'build', `${name}.zip`);
    if (existsSync(outputPath) && statSync(outputPath).isDirectory()) {
        throw new SpindriftError(`output.path ${outputPath} is a folder; give the path of the .zip file to write, for example ${path$1.join(outputPath, name + '.zip')}.`);
    }
    const type = (str('package.type') ?? 'plain');
    const eventsText = str('package.events-entry');
    const basePathText = str('package.base-path');
    const textMimeTypes = list('package.text-mime-types') ?? [];
    const kindSettings = [['package.events-entry', eventsText], ['package.base-path', basePathText], ['package.text-mime-types', textMimeTypes.length]];
    checkKindSettings(type, kindSettings.filter(([, value]) => value).map(([setting]) => setting));
    for (const mime of textMimeTypes) {
        if (!/^[a-z0-9][a-z0-9!#$&^_.+-]*\/(\*|[a-z0-9][a-z0-9!#$&^_.+-]*)$/i.test(mime)) {
            throw new SpindriftError(`package.text-mime-types entry "${mime}" is not a content type; write it as "type/subtype" or "type/*".`);
        }
    }
    const exclude = list('package.exclude') ?? [];
    const include = list('package.include') ?? [];
    checkGlobs(exclude, 'package.exclude');
    checkGlobs(include, 'package.include');
    const cacheOn = values['cache'] !== false;
    return {
        name,
        type,
        entry,
        eventsEntry: eventsText ? parseEntry(eventsText, 'package.events-entry') : undefined,
        basePath: basePathText ? normaliseBasePath(basePathText) : undefined,
        textMimeTypes,
        runtime,
        architecture,
        platformTags: platformTags(runtime, architecture),
        projectDir,
        requirementFiles,
        python: str('package.python') ?? 'python3',
        installer: (str('package.installer') ?? 'pip'),
        indexUrl: str('package.index-url'),
        extraIndexUrls: list('package.extra-index-url') ?? [],
        outputPath,
        exclude,
        include,
        stripTests: values['package.strip-tests'] === true,
        skipRuntimeProvided: values['package.skip-runtime-provided'] === true,
        compile: values['package.compile'] === true,
        importCheck: values['package.import-check'] === true,
        cacheDir: cacheOn ? defaultCacheDir(context.env) : undefined
    };
}
function isInside(file, folder) {
    return file === folder || file.startsWith(folder.endsWith(path$1.sep) ? folder : folder + path$1.sep);
}
/** "api/v1/" → "/api/v1"; only plain URL path segments (no query, dots or encoded bytes). */
function normaliseBasePath(text) {
    const segments = text.split('/').filter(Boolean);
    if (segments.length === 0 || !segments.every(s => /^[A-Za-z0-9_~-][A-Za-z0-9._~-]*$/.test(s) && s !== '..')) {
        throw new SpindriftError(`package.base-path "${text}" is not a URL path; write it as "/api" or "/api/v1".`);
    }
    return '/' + segments.join('/');
}
function defaultRequirements(projectDir) {
    const file = path$1.join(projectDir, 'requirements.txt');
    return existsSync(file) ? [file] : [];
}
function defaultCacheDir(env) {
    return env.SPINDRIFT_CACHE_DIR || path$1.join(env.HOME || os$1.homedir(), '.cache', 'spindrift');
}

/*! js-yaml 5.5.0 https://github.com/nodeca/js-yaml @license MIT */
//#region src/tag.ts
/**
* Returned by a scalar resolver when the source does not match its tag.
*
* @category Tags
*/
var NOT_RESOLVED = Symbol("NOT_RESOLVED");
/**
* Create a normalized scalar tag definition.
*
* @category Tags
*/
function defineScalarTag(tagName, options) {
	return {
		tagName,
		nodeKind: "scalar",
		implicit: options.implicit ?? false,
		matchByTagPrefix: options.matchByTagPrefix ?? false,
		implicitFirstChars: options.implicitFirstChars ?? null,
		resolve: options.resolve,
		identify: options.identify,
		represent: options.represent ?? ((data) => String(data)),
		representTagName: options.representTagName ?? (() => tagName)
	};
}
/**
* Create a normalized sequence tag definition.
*
* @category Tags
*/
function defineSequenceTag(tagName, options) {
	const carrierIsResult = options.finalize === void 0;
	return {
		tagName,
		nodeKind: "sequence",
		implicit: false,
		matchByTagPrefix: options.matchByTagPrefix ?? false,
		create: options.create,
		addItem: options.addItem,
		finalize: options.finalize ?? ((carrier) => carrier),
		carrierIsResult,
		identify: options.identify,
		represent: options.represent ?? ((data) => data),
		representTagName: options.representTagName ?? (() => tagName)
	};
}
/**
* Create a normalized mapping tag definition.
*
* @category Tags
*/
function defineMappingTag(tagName, options) {
	const carrierIsResult = options.finalize === void 0;
	return {
		tagName,
		nodeKind: "mapping",
		implicit: false,
		matchByTagPrefix: options.matchByTagPrefix ?? false,
		create: options.create,
		addPair: options.addPair,
		has: options.has,
		keys: options.keys,
		get: options.get,
		finalize: options.finalize ?? ((carrier) => carrier),
		carrierIsResult,
		identify: options.identify,
		represent: options.represent ?? ((data) => data),
		representTagName: options.representTagName ?? (() => tagName)
	};
}
//#endregion
//#region src/tag/scalar/str.ts
/** @category Tags */
var strTag = defineScalarTag("tag:yaml.org,2002:str", {
	resolve: (source) => source,
	identify: (data) => typeof data === "string"
});
//#endregion
//#region src/tag/scalar/null_core.ts
var NULL_VALUES$1 = [
	"",
	"~",
	"null",
	"Null",
	"NULL"
];
/** @category Tags */
var nullCoreTag = defineScalarTag("tag:yaml.org,2002:null", {
	implicit: true,
	implicitFirstChars: [
		"",
		"~",
		"n",
		"N"
	],
	resolve: (source) => {
		if (NULL_VALUES$1.indexOf(source) !== -1) return null;
		return NOT_RESOLVED;
	},
	identify: (object) => object === null,
	represent: () => "null"
});
//#endregion
//#region src/tag/scalar/null_json.ts
/** @category Tags */
var nullJsonTag = defineScalarTag("tag:yaml.org,2002:null", {
	implicit: true,
	implicitFirstChars: ["n"],
	resolve: (source, isExplicit) => {
		if (source === "null" || isExplicit && source === "") return null;
		return NOT_RESOLVED;
	},
	identify: (object) => object === null,
	represent: () => "null"
});
//#endregion
//#region src/tag/scalar/null_yaml11.ts
var NULL_VALUES = [
	"",
	"~",
	"null",
	"Null",
	"NULL"
];
/** @category Tags */
var nullYaml11Tag = defineScalarTag("tag:yaml.org,2002:null", {
	implicit: true,
	implicitFirstChars: [
		"",
		"~",
		"n",
		"N"
	],
	resolve: (source) => {
		if (NULL_VALUES.indexOf(source) !== -1) return null;
		return NOT_RESOLVED;
	},
	identify: (object) => object === null,
	represent: () => "null"
});
//#endregion
//#region src/tag/scalar/bool_core.ts
var TRUE_VALUES$2 = [
	"true",
	"True",
	"TRUE"
];
var FALSE_VALUES$2 = [
	"false",
	"False",
	"FALSE"
];
/** @category Tags */
var boolCoreTag = defineScalarTag("tag:yaml.org,2002:bool", {
	implicit: true,
	implicitFirstChars: [
		"t",
		"T",
		"f",
		"F"
	],
	resolve: (source) => {
		if (TRUE_VALUES$2.indexOf(source) !== -1) return true;
		if (FALSE_VALUES$2.indexOf(source) !== -1) return false;
		return NOT_RESOLVED;
	},
	identify: (object) => Object.prototype.toString.call(object) === "[object Boolean]",
	represent: (object) => object ? "true" : "false"
});
//#endregion
//#region src/tag/scalar/bool_json.ts
var TRUE_VALUES$1 = ["true"];
var FALSE_VALUES$1 = ["false"];
/** @category Tags */
var boolJsonTag = defineScalarTag("tag:yaml.org,2002:bool", {
	implicit: true,
	implicitFirstChars: ["t", "f"],
	resolve: (source) => {
		if (TRUE_VALUES$1.indexOf(source) !== -1) return true;
		if (FALSE_VALUES$1.indexOf(source) !== -1) return false;
		return NOT_RESOLVED;
	},
	identify: (object) => Object.prototype.toString.call(object) === "[object Boolean]",
	represent: (object) => object ? "true" : "false"
});
//#endregion
//#region src/tag/scalar/bool_yaml11.ts
var TRUE_VALUES = [
	"true",
	"True",
	"TRUE",
	"y",
	"Y",
	"yes",
	"Yes",
	"YES",
	"on",
	"On",
	"ON"
];
var FALSE_VALUES = [
	"false",
	"False",
	"FALSE",
	"n",
	"N",
	"no",
	"No",
	"NO",
	"off",
	"Off",
	"OFF"
];
/** @category Tags */
var boolYaml11Tag = defineScalarTag("tag:yaml.org,2002:bool", {
	implicit: true,
	implicitFirstChars: [
		"y",
		"Y",
		"n",
		"N",
		"t",
		"T",
		"f",
		"F",
		"o",
		"O"
	],
	resolve: (source) => {
		if (TRUE_VALUES.indexOf(source) !== -1) return true;
		if (FALSE_VALUES.indexOf(source) !== -1) return false;
		return NOT_RESOLVED;
	},
	identify: (object) => Object.prototype.toString.call(object) === "[object Boolean]",
	represent: (object) => object ? "true" : "false"
});
//#endregion
//#region src/tag/scalar/int_core.ts
var YAML_INTEGER_IMPLICIT_PATTERN$1 = /* @__PURE__ */ new RegExp("^(?:0o[0-7]+|0x[0-9a-fA-F]+|[-+]?[0-9]+)$");
var YAML_INTEGER_EXPLICIT_PATTERN$1 = /* @__PURE__ */ new RegExp("^(?:[-+]?0b[0-1]+|[-+]?0o[0-7]+|[-+]?0x[0-9a-fA-F]+|[-+]?[0-9]+)$");
function parseYamlInteger$2(source) {
	let value = source;
	let sign = 1;
	if (value[0] === "-" || value[0] === "+") {
		if (value[0] === "-") sign = -1;
		value = value.slice(1);
	}
	if (value.startsWith("0b")) return sign * parseInt(value.slice(2), 2);
	if (value.startsWith("0o")) return sign * parseInt(value.slice(2), 8);
	if (value.startsWith("0x")) return sign * parseInt(value.slice(2), 16);
	return sign * parseInt(value, 10);
}
function resolveYamlInteger$2(source, isExplicit) {
	if (isExplicit) {
		if (!YAML_INTEGER_EXPLICIT_PATTERN$1.test(source)) return NOT_RESOLVED;
	} else if (!YAML_INTEGER_IMPLICIT_PATTERN$1.test(source)) return NOT_RESOLVED;
	const result = parseYamlInteger$2(source);
	return Number.isFinite(result) ? result : NOT_RESOLVED;
}
/** @category Tags */
var intCoreTag = defineScalarTag("tag:yaml.org,2002:int", {
	implicit: true,
	implicitFirstChars: [
		"-",
		"+",
		..."0123456789"
	],
	resolve: resolveYamlInteger$2,
	identify: (object) => Number.isInteger(object) && !Object.is(object, -0) && object.toString(10).indexOf("e") < 0,
	represent: (object) => object.toString(10)
});
//#endregion
//#region src/tag/scalar/int_json.ts
var YAML_INTEGER_IMPLICIT_PATTERN = /* @__PURE__ */ new RegExp("^-?(?:0|[1-9][0-9]*)$");
var YAML_INTEGER_EXPLICIT_PATTERN = /* @__PURE__ */ new RegExp("^(?:[-+]?0b[0-1]+|[-+]?0o[0-7]+|[-+]?0x[0-9a-fA-F]+|[-+]?[0-9]+)$");
function parseYamlInteger$1(source) {
	let value = source;
	let sign = 1;
	if (value[0] === "-" || value[0] === "+") {
		if (value[0] === "-") sign = -1;
		value = value.slice(1);
	}
	if (value.startsWith("0b")) return sign * parseInt(value.slice(2), 2);
	if (value.startsWith("0o")) return sign * parseInt(value.slice(2), 8);
	if (value.startsWith("0x")) return sign * parseInt(value.slice(2), 16);
	return sign * parseInt(value, 10);
}
function resolveYamlInteger$1(source, isExplicit) {
	if (isExplicit) {
		if (!YAML_INTEGER_EXPLICIT_PATTERN.test(source)) return NOT_RESOLVED;
	} else if (!YAML_INTEGER_IMPLICIT_PATTERN.test(source)) return NOT_RESOLVED;
	const result = parseYamlInteger$1(source);
	return Number.isFinite(result) ? result : NOT_RESOLVED;
}
/** @category Tags */
var intJsonTag = defineScalarTag("tag:yaml.org,2002:int", {
	implicit: true,
	implicitFirstChars: ["-", ..."0123456789"],
	resolve: resolveYamlInteger$1,
	identify: (object) => Number.isInteger(object) && !Object.is(object, -0) && object.toString(10).indexOf("e") < 0,
	represent: (object) => object.toString(10)
});
//#endregion
//#region src/tag/scalar/int_yaml11.ts
var YAML_INTEGER_PATTERN = /* @__PURE__ */ new RegExp("^(?:[-+]?0b[0-1_]+|[-+]?0[0-7_]+|[-+]?0x[0-9a-fA-F_]+|[-+]?[0-9][0-9_]*(?::[0-5]?[0-9])+|[-+]?(?:0|[1-9][0-9_]*))$");
function parseYamlInteger(source) {
	let value = source.replace(/_/g, "");
	let sign = 1;
	if (value[0] === "-" || value[0] === "+") {
		if (value[0] === "-") sign = -1;
		value = value.slice(1);
	}
	if (value.startsWith("0b")) return sign * parseInt(value.slice(2), 2);
	if (value.startsWith("0x")) return sign * parseInt(value.slice(2), 16);
	if (value.includes(":")) {
		let result = 0;
		for (const part of value.split(":")) result = result * 60 + Number(part);
		return sign * result;
	}
	if (value !== "0" && value[0] === "0") return sign * parseInt(value, 8);
	return sign * parseInt(value, 10);
}
function resolveYamlInteger(source) {
	if (!YAML_INTEGER_PATTERN.test(source)) return NOT_RESOLVED;
	const result = parseYamlInteger(source);
	return Number.isFinite(result) ? result : NOT_RESOLVED;
}
/** @category Tags */
var intYaml11Tag = defineScalarTag("tag:yaml.org,2002:int", {
	implicit: true,
	implicitFirstChars: [
		"-",
		"+",
		..."0123456789"
	],
	resolve: resolveYamlInteger,
	identify: (object) => Number.isInteger(object) && !Object.is(object, -0) && object.toString(10).indexOf("e") < 0,
	represent: (object) => object.toString(10)
});
//#endregion
//#region src/tag/scalar/float_core.ts
var YAML_FLOAT_PATTERN$1 = /* @__PURE__ */ new RegExp("^(?:[-+]?[0-9]+(?:\\.[0-9]*)?(?:[eE][-+]?[0-9]+)?|[-+]?\\.[0-9]+(?:[eE][-+]?[0-9]+)?|[-+]?\\.(?:inf|Inf|INF)|\\.(?:nan|NaN|NAN))$");
var YAML_FLOAT_SPECIAL_PATTERN$1 = /* @__PURE__ */ new RegExp("^(?:[-+]?\\.(?:inf|Inf|INF)|\\.(?:nan|NaN|NAN))$");
function resolveYamlFloat$2(source) {
	if (!YAML_FLOAT_PATTERN$1.test(source)) return NOT_RESOLVED;
	let value = source.toLowerCase();
	const sign = value[0] === "-" ? -1 : 1;
	if ("+-".includes(value[0])) value = value.slice(1);
	if (value === ".inf") return sign === 1 ? Number.POSITIVE_INFINITY : Number.NEGATIVE_INFINITY;
	if (value === ".nan") return NaN;
	const result = sign * parseFloat(value);
	if (Number.isFinite(result) || YAML_FLOAT_SPECIAL_PATTERN$1.test(source)) return result;
	return NOT_RESOLVED;
}
function representYamlFloat$2(object) {
	if (isNaN(object)) return ".nan";
	if (object === Number.POSITIVE_INFINITY) return ".inf";
	if (object === Number.NEGATIVE_INFINITY) return "-.inf";
	if (Object.is(object, -0)) return "-0.0";
	const result = object.toString(10);
	return /^[-+]?[0-9]+e/.test(result) ? result.replace("e", ".e") : result;
}
/** @category Tags */
var floatCoreTag = defineScalarTag("tag:yaml.org,2002:float", {
	implicit: true,
	implicitFirstChars: [
		"-",
		"+",
		".",
		..."0123456789"
	],
	resolve: resolveYamlFloat$2,
	identify: (object) => typeof object === "number" && (!Number.isInteger(object) || Object.is(object, -0) || object.toString(10).indexOf("e") >= 0),
	represent: representYamlFloat$2
});
//#endregion
//#region src/tag/scalar/float_json.ts
var YAML_FLOAT_IMPLICIT_PATTERN = /* @__PURE__ */ new RegExp("^-?(?:0|[1-9][0-9]*)(?:\\.[0-9]*)?(?:[eE][-+]?[0-9]+)?$");
var YAML_FLOAT_EXPLICIT_PATTERN = /* @__PURE__ */ new RegExp("^(?:[-+]?[0-9]+(?:\\.[0-9]*)?(?:[eE][-+]?[0-9]+)?|[-+]?\\.[0-9]+(?:[eE][-+]?[0-9]+)?|[-+]?\\.(?:inf|Inf|INF)|\\.(?:nan|NaN|NAN))$");
function resolveYamlFloat$1(source, isExplicit) {
	if (isExplicit) {
		if (!YAML_FLOAT_EXPLICIT_PATTERN.test(source)) return NOT_RESOLVED;
		let value = source.toLowerCase();
		const sign = value[0] === "-" ? -1 : 1;
		if ("+-".includes(value[0])) value = value.slice(1);
		if (value === ".inf") return sign === 1 ? Number.POSITIVE_INFINITY : Number.NEGATIVE_INFINITY;
		if (value === ".nan") return NaN;
		const result = sign * parseFloat(value);
		return Number.isFinite(result) ? result : NOT_RESOLVED;
	}
	if (!YAML_FLOAT_IMPLICIT_PATTERN.test(source)) return NOT_RESOLVED;
	const result = Number(source);
	if (Number.isFinite(result)) return result;
	return NOT_RESOLVED;
}
function representYamlFloat$1(object) {
	if (isNaN(object)) return ".nan";
	if (object === Number.POSITIVE_INFINITY) return ".inf";
	if (object === Number.NEGATIVE_INFINITY) return "-.inf";
	if (Object.is(object, -0)) return "-0.0";
	const result = object.toString(10);
	return /^[-+]?[0-9]+e/.test(result) ? result.replace("e", ".e") : result;
}
/** @category Tags */
var floatJsonTag = defineScalarTag("tag:yaml.org,2002:float", {
	implicit: true,
	implicitFirstChars: ["-", ..."0123456789"],
	resolve: resolveYamlFloat$1,
	identify: (object) => typeof object === "number" && (!Number.isInteger(object) || Object.is(object, -0) || object.toString(10).indexOf("e") >= 0),
	represent: representYamlFloat$1
});
//#endregion
//#region src/tag/scalar/float_yaml11.ts
var YAML_FLOAT_PATTERN = /* @__PURE__ */ new RegExp("^(?:[-+]?(?:(?:[0-9][0-9_]*)?\\.[0-9_]*)(?:[eE][-+][0-9]+)?|[-+]?[0-9][0-9_]*(?::[0-5]?[0-9])+\\.[0-9_]*|[-+]?\\.(?:inf|Inf|INF)|\\.(?:nan|NaN|NAN))$");
var YAML_FLOAT_SPECIAL_PATTERN = /* @__PURE__ */ new RegExp("^(?:[-+]?\\.(?:inf|Inf|INF)|\\.(?:nan|NaN|NAN))$");
function resolveYamlFloat(source) {
	if (!YAML_FLOAT_PATTERN.test(source)) return NOT_RESOLVED;
	let value = source.toLowerCase().replace(/_/g, "");
	const sign = value[0] === "-" ? -1 : 1;
	if ("+-".includes(value[0])) value = value.slice(1);
	if (value === ".inf") return sign === 1 ? Number.POSITIVE_INFINITY : Number.NEGATIVE_INFINITY;
	if (value === ".nan") return NaN;
	let result = 0;
	if (value.includes(":")) {
		for (const part of value.split(":")) result = result * 60 + Number(part);
		result *= sign;
	} else result = sign * parseFloat(value);
	if (Number.isFinite(result) || YAML_FLOAT_SPECIAL_PATTERN.test(source)) return result;
	return NOT_RESOLVED;
}
function representYamlFloat(object) {
	if (isNaN(object)) return ".nan";
	if (object === Number.POSITIVE_INFINITY) return ".inf";
	if (object === Number.NEGATIVE_INFINITY) return "-.inf";
	if (Object.is(object, -0)) return "-0.0";
	const result = object.toString(10);
	return /^[-+]?[0-9]+e/.test(result) ? result.replace("e", ".e") : result;
}
/** @category Tags */
var floatYaml11Tag = defineScalarTag("tag:yaml.org,2002:float", {
	implicit: true,
	implicitFirstChars: [
		"-",
		"+",
		".",
		..."0123456789"
	],
	resolve: resolveYamlFloat,
	identify: (object) => typeof object === "number" && (!Number.isInteger(object) || Object.is(object, -0) || object.toString(10).indexOf("e") >= 0),
	represent: representYamlFloat
});
//#endregion
//#region src/tag/scalar/merge.ts
/**
* Enables merge keys in {@link CORE_SCHEMA} when added with
* {@link Schema.withTags}.
*
* @category Tags
*/
var mergeTag = defineScalarTag("tag:yaml.org,2002:merge", {
	implicit: true,
	implicitFirstChars: ["<"],
	resolve: (source, isExplicit) => {
		if (source === "<<" || isExplicit && source === "") return "<<";
		return NOT_RESOLVED;
	},
	identify: () => false
});
//#endregion
//#region src/tag/scalar/binary.ts
var BASE64_PATTERN = /^[A-Za-z0-9+/]*={0,2}$/;
function resolveYamlBinary(source) {
	const input = source.replace(/\s/g, "");
	if (input.length % 4 !== 0 || !BASE64_PATTERN.test(input)) return NOT_RESOLVED;
	const binary = atob(input);
	const result = new Uint8Array(binary.length);
	for (let index = 0; index < binary.length; index++) result[index] = binary.charCodeAt(index);
	return result;
}
function representYamlBinary(object) {
	let binary = "";
	for (let index = 0; index < object.length; index++) binary += String.fromCharCode(object[index]);
	return btoa(binary);
}
/**
* The `!!binary` tag, represented as a `Uint8Array`.
*
* @category Tags
*/
var binaryTag = defineScalarTag("tag:yaml.org,2002:binary", {
	resolve: resolveYamlBinary,
	identify: (object) => Object.prototype.toString.call(object) === "[object Uint8Array]",
	represent: representYamlBinary
});
//#endregion
//#region src/tag/scalar/timestamp.ts
var YAML_DATE_REGEXP = /* @__PURE__ */ new RegExp("^([0-9][0-9][0-9][0-9])-([0-9][0-9])-([0-9][0-9])$");
var YAML_TIMESTAMP_REGEXP = /* @__PURE__ */ new RegExp("^([0-9][0-9][0-9][0-9])-([0-9][0-9]?)-([0-9][0-9]?)(?:[Tt]|[ \\t]+)([0-9][0-9]?):([0-9][0-9]):([0-9][0-9])(?:\\.([0-9]*))?(?:[ \\t]*(Z|([-+])([0-9][0-9]?)(?::([0-9][0-9]))?))?$");
function makeUtcDate(year, month, day, hour = 0, minute = 0, second = 0, fraction = 0) {
	const date = new Date(Date.UTC(year, month, day, hour, minute, second, fraction));
	date.setUTCFullYear(year, month, day);
	return date;
}
function resolveYamlTimestamp(source) {
	let match = YAML_DATE_REGEXP.exec(source);
	if (match === null) match = YAML_TIMESTAMP_REGEXP.exec(source);
	if (match === null) return NOT_RESOLVED;
	const year = +match[1];
	const month = +match[2] - 1;
	const day = +match[3];
	if (!match[4]) {
		const date = makeUtcDate(year, month, day);
		if (date.getUTCFullYear() !== year || date.getUTCMonth() !== month || date.getUTCDate() !== day) return NOT_RESOLVED;
		return date;
	}
	const hour = +match[4];
	const minute = +match[5];
	const second = +match[6];
	let fraction = 0;
	if (hour > 23 || minute > 59 || second > 59) return NOT_RESOLVED;
	if (match[7]) {
		let value = match[7].slice(0, 3);
		while (value.length < 3) value += "0";
		fraction = +value;
	}
	const date = makeUtcDate(year, month, day, hour, minute, second, fraction);
	if (date.getUTCFullYear() !== year || date.getUTCMonth() !== month || date.getUTCDate() !== day) return NOT_RESOLVED;
	if (match[9]) {
		const offsetHour = +match[10];
		const offsetMinute = +(match[11] || 0);
		if (offsetHour > 23 || offsetMinute > 59) return NOT_RESOLVED;
		const offset = (offsetHour * 60 + offsetMinute) * 6e4;
		date.setTime(date.getTime() - (match[9] === "-" ? -offset : offset));
	}
	return date;
}
/**
* The YAML 1.1 `!!timestamp` tag, represented as a JavaScript `Date`.
*
* @category Tags
*/
var timestampTag = defineScalarTag("tag:yaml.org,2002:timestamp", {
	implicit: true,
	implicitFirstChars: [..."0123456789"],
	resolve: resolveYamlTimestamp,
	identify: (object) => object instanceof Date,
	represent: (object) => object.toISOString()
});
//#endregion
//#region src/tag/sequence/seq.ts
/** @category Tags */
var seqTag = defineSequenceTag("tag:yaml.org,2002:seq", {
	create: () => [],
	addItem: (container, item) => {
		container.push(item);
	},
	identify: Array.isArray
});
//#endregion
//#region src/common/object.ts
function isPlainObject(data) {
	if (data === null || typeof data !== "object" || Array.isArray(data)) return false;
	const prototype = Object.getPrototypeOf(data);
	return prototype === null || prototype === Object.prototype;
}
function pick(object, keys) {
	const result = {};
	for (const key of keys) if (object[key] !== void 0) result[key] = object[key];
	return result;
}
//#endregion
//#region src/tag/sequence/omap.ts
/**
* Provided only for YAML 1.1 compatibility and supported by the loader only.
* JavaScript has no dedicated class to represent this type, so it cannot be
* identified and dumped.
*
* ```yaml
* !!omap
*   - one: 1
*   - two: 2
* ```
*
* is loaded as
*
* ```javascript
* [
*   { one: 1 },
*   { two: 2 }
* ]
* ```
*
* @category Tags
*/
var omapTag = defineSequenceTag("tag:yaml.org,2002:omap", {
	create: () => ({
		list: [],
		seen: /* @__PURE__ */ new Set()
	}),
	addItem: (carrier, item) => {
		let key;
		if (item instanceof Map) {
			if (item.size !== 1) return "cannot resolve an ordered map item";
			key = item.keys().next().value;
		} else if (isPlainObject(item)) {
			const itemKeys = Object.keys(item);
			if (itemKeys.length !== 1) return "cannot resolve an ordered map item";
			key = itemKeys[0];
		} else return "cannot resolve an ordered map item";
		if (carrier.seen.has(key)) return "duplicate key in ordered map";
		carrier.seen.add(key);
		carrier.list.push(item);
		return "";
	},
	finalize: (carrier) => carrier.list,
	identify: () => false
});
//#endregion
//#region src/tag/sequence/pairs.ts
/**
* Provided only for YAML 1.1 compatibility and supported by the loader only.
* JavaScript has no dedicated class to represent this type, so it cannot be
* identified and dumped.
*
* ```yaml
* !!pairs
*   - one: 1
*   - two: 2
* ```
*
* is loaded as
*
* ```javascript
* [
*   ['one', 1],
*   ['two', 2]
* ]
* ```
*
* @category Tags
*/
var pairsTag = defineSequenceTag("tag:yaml.org,2002:pairs", {
	create: () => [],
	addItem: (container, item) => {
		if (item instanceof Map) {
			if (item.size !== 1) return "cannot resolve a pairs item";
			container.push(item.entries().next().value);
			return "";
		}
		if (Object.prototype.toString.call(item) !== "[object Object]") return "cannot resolve a pairs item";
		const object = item;
		const keys = Object.keys(object);
		if (keys.length !== 1) return "cannot resolve a pairs item";
		container.push([keys[0], object[keys[0]]]);
		return "";
	},
	identify: () => false
});
//#endregion
//#region src/tag/mapping/map.ts
/**
* This is the default mapping implementation. It uses `{}` objects and has only
* partial functionality due to language limitations. This choice was made
* because users expect to get JavaScript objects, and it was left unchanged to
* avoid too many breaking changes in the v5 release.
*
* Side effects:
*
* - `Object.hasOwn()` checks or `for...of` loops are required for safe use (to
*   avoid falling through to prototypes).
* - Only scalar string keys are supported properly.
* - Other scalar keys, such as `null` and numbers, are converted to strings.
*   This is historical behaviour, and it can cause side effects such as
*   problems with `!!merge`.
*
* Note that non-string scalar keys may be deprecated in future versions.
*
* Ideally, use {@link realMapTag} instead.
*
* @category Tags
*/
var mapTag = defineMappingTag("tag:yaml.org,2002:map", {
	create: () => ({}),
	identify: isPlainObject,
	represent: (o) => {
		const map = /* @__PURE__ */ new Map();
		for (const key of Object.keys(o)) map.set(key, o[key]);
		return map;
	},
	addPair: (container, key, value) => {
		if (key !== null && typeof key === "object") return "object-based map does not support complex keys";
		const normalizedKey = String(key);
		if (normalizedKey === "__proto__") Object.defineProperty(container, normalizedKey, {
			value,
			enumerable: true,
			configurable: true,
			writable: true
		});
		else container[normalizedKey] = value;
		return "";
	},
	has: (container, key) => {
		if (key !== null && typeof key === "object") return false;
		return Object.prototype.hasOwnProperty.call(container, String(key));
	},
	keys: (container) => Object.keys(container),
	get: (container, key) => {
		const normalizedKey = String(key);
		if (!Object.prototype.hasOwnProperty.call(container, normalizedKey)) return null;
		return container[normalizedKey];
	}
});
//#endregion
//#region src/tag/mapping/set.ts
/**
* The YAML 1.1 `!!set` tag, represented as a JavaScript `Set`.
*
* @category Tags
*/
var setTag = defineMappingTag("tag:yaml.org,2002:set", {
	create: () => /* @__PURE__ */ new Set(),
	identify: (data) => data instanceof Set,
	represent: (data) => {
		const map = /* @__PURE__ */ new Map();
		for (const key of data) map.set(key, null);
		return map;
	},
	addPair: (container, key, value) => {
		if (value !== null) return "cannot resolve a set item";
		container.add(key);
		return "";
	},
	has: (container, key) => container.has(key),
	keys: (container) => container.keys(),
	get: () => null
});
//#endregion
//#region src/schema.ts
function createTagDefinitionMap() {
	return {
		scalar: Object.create(null),
		sequence: Object.create(null),
		mapping: Object.create(null)
	};
}
function createTagDefinitionListMap() {
	return {
		scalar: [],
		sequence: [],
		mapping: []
	};
}
function compileTags(tags) {
	const result = [];
	for (const tag of tags) {
		let index = result.length;
		for (let previousIndex = 0; previousIndex < result.length; previousIndex++) {
			const previous = result[previousIndex];
			if (previous.nodeKind === tag.nodeKind && previous.tagName === tag.tagName && previous.matchByTagPrefix === tag.matchByTagPrefix) {
				index = previousIndex;
				break;
			}
		}
		result[index] = tag;
	}
	return result;
}
/**
* Controls tag resolution when loading and type selection when dumping.
*
* @category Schemas
*/
var Schema = class Schema {
	tags;
	/** @internal */
	implicitScalarTags;
	/**
	* Dispatch implicit scalar resolvers by `source.charAt(0)`. Each bucket holds
	* the resolvers that may match that key, in schema order; a key absent from
	* the map uses
	* {@link Schema.implicitScalarAnyFirstChar}
	* (resolvers that declared no first-char constraint, so they apply to any
	* first character).
	*/
	implicitScalarByFirstChar;
	implicitScalarAnyFirstChar;
	/**
	* The default scalar tag (`!!str`), resolved once so the composer's fallback
	* for unresolved plain scalars avoids a keyed lookup per scalar.
	*
	* @internal
	*/
	defaultScalarTag;
	/**
	* The default container tags (`!!seq` / `!!map`), used by the dumper: when a
	* value is identified by its default tag, the tag is implicit and not
	* printed. Undefined if the schema does not define them (then such values
	* can't be dumped).
	*
	* @internal
	*/
	defaultSequenceTag;
	/** @internal */
	defaultMappingTag;
	exact;
	prefix;
	constructor(tags) {
		const compiledTags = compileTags(tags);
		const implicitScalarTags = [];
		const exact = createTagDefinitionMap();
		const prefix = createTagDefinitionListMap();
		for (const tag of compiledTags) {
			if (tag.nodeKind === "scalar" && tag.implicit) {
				if (tag.matchByTagPrefix) throw new Error("Implicit scalar tags cannot match by tag prefix");
				implicitScalarTags.push(tag);
			}
			switch (tag.nodeKind) {
				case "scalar":
					if (tag.matchByTagPrefix) prefix.scalar.push(tag);
					else exact.scalar[tag.tagName] = tag;
					break;
				case "sequence":
					if (tag.matchByTagPrefix) prefix.sequence.push(tag);
					else exact.sequence[tag.tagName] = tag;
					break;
				case "mapping": if (tag.matchByTagPrefix) prefix.mapping.push(tag);
				else exact.mapping[tag.tagName] = tag;
			}
		}
		const implicitScalarAnyFirstChar = implicitScalarTags.filter((tag) => tag.implicitFirstChars === null);
		const keys = /* @__PURE__ */ new Set();
		for (const tag of implicitScalarTags) if (tag.implicitFirstChars !== null) for (const key of tag.implicitFirstChars) keys.add(key);
		const implicitScalarByFirstChar = /* @__PURE__ */ new Map();
		for (const key of keys) implicitScalarByFirstChar.set(key, implicitScalarTags.filter((tag) => tag.implicitFirstChars === null || tag.implicitFirstChars.indexOf(key) !== -1));
		const defaultScalarTag = exact.scalar["tag:yaml.org,2002:str"];
		if (!defaultScalarTag) throw new Error("schema does not define the default scalar tag (tag:yaml.org,2002:str)");
		this.tags = compiledTags;
		this.implicitScalarTags = implicitScalarTags;
		this.implicitScalarByFirstChar = implicitScalarByFirstChar;
		this.implicitScalarAnyFirstChar = implicitScalarAnyFirstChar;
		this.defaultScalarTag = defaultScalarTag;
		this.defaultSequenceTag = exact.sequence["tag:yaml.org,2002:seq"];
		this.defaultMappingTag = exact.mapping["tag:yaml.org,2002:map"];
		this.exact = exact;
		this.prefix = prefix;
	}
	/** @internal */
	lookupScalarTag(tagName) {
		const exactTag = this.exact.scalar[tagName];
		if (exactTag) return exactTag;
		for (const tag of this.prefix.scalar) if (tagName.startsWith(tag.tagName)) return tag;
	}
	/** @internal */
	lookupSequenceTag(tagName) {
		const exactTag = this.exact.sequence[tagName];
		if (exactTag) return exactTag;
		for (const tag of this.prefix.sequence) if (tagName.startsWith(tag.tagName)) return tag;
	}
	/** @internal */
	lookupMappingTag(tagName) {
		const exactTag = this.exact.mapping[tagName];
		if (exactTag) return exactTag;
		for (const tag of this.prefix.mapping) if (tagName.startsWith(tag.tagName)) return tag;
	}
	/** @internal */
	resolveImplicitScalarTag(source) {
		const candidates = this.implicitScalarByFirstChar.get(source.charAt(0)) ?? this.implicitScalarAnyFirstChar;
		for (const tag of candidates) {
			const value = tag.resolve(source, false, tag.tagName);
			if (value !== NOT_RESOLVED) return {
				value,
				tag
			};
		}
		const tag = this.defaultScalarTag;
		return {
			value: tag.resolve(source, false, tag.tagName),
			tag
		};
	}
	/**
	* Creates a new schema with the specified tags added. If a tag already
	* exists, it is replaced by the specified tag.
	*
	* @example
	*
	* ```javascript
	* import { CORE_SCHEMA, mergeTag, realMapTag } from 'js-yaml'
	*
	* const schema = CORE_SCHEMA.withTags(mergeTag, realMapTag)
	* ```
	*/
	withTags(...tags) {
		let flatTags = [];
		for (const tag of tags) flatTags = flatTags.concat(tag);
		return new Schema([...this.tags, ...flatTags]);
	}
};
/**
* The YAML 1.2 Failsafe Schema: strings, sequences, and mappings.
*
* @category Schemas
*/
var FAILSAFE_SCHEMA = new Schema([
	strTag,
	seqTag,
	mapTag
]);
/**
* The YAML 1.2 JSON Schema. It uses JSON scalar forms while retaining YAML
* collection syntax.
*
* @category Schemas
*/
new Schema([
	...FAILSAFE_SCHEMA.tags,
	nullJsonTag,
	boolJsonTag,
	intJsonTag,
	floatJsonTag
]);
/**
* The default schema for the loaders. Note, {@link CORE_SCHEMA} comes
* without the `!!merge` tag. You can easily enable it if needed.
*
* @example
* Enable {@link mergeTag}:
*
* ```javascript
* import { load, CORE_SCHEMA, mergeTag } from 'js-yaml'
*
* try {
*   load(data, { schema: CORE_SCHEMA.withTags(mergeTag) })
* } catch (e) {
*   console.error(e)
* }
* ```
*
* @category Schemas
*/
var CORE_SCHEMA = new Schema([
	...FAILSAFE_SCHEMA.tags,
	nullCoreTag,
	boolCoreTag,
	intCoreTag,
	floatCoreTag
]);
/**
* YAML 1.1-compatible schema.
*
* @category Schemas
*/
var YAML11_SCHEMA = new Schema([
	...FAILSAFE_SCHEMA.tags,
	nullYaml11Tag,
	boolYaml11Tag,
	intYaml11Tag,
	floatYaml11Tag,
	timestampTag,
	mergeTag,
	binaryTag,
	omapTag,
	pairsTag,
	setTag
]);
/**
* The dumper schema for maximum compatibility. It combines all supported type
* variants from YAML 1.1 and YAML 1.2 so strings matching any of them are
* quoted. This makes the generated YAML more compatible with other parsers.
*
* The schema is based on YAML 1.1, but extends `!!int` and `!!float` to accept
* both YAML 1.1 and Core Schema forms, since Core Schema supports some forms
* that YAML 1.1 does not.
*
* @category Schemas
*/
YAML11_SCHEMA.withTags({
	...intYaml11Tag,
	resolve: (source, isExplicit, tagName) => {
		const result = intYaml11Tag.resolve(source, isExplicit, tagName);
		return result === NOT_RESOLVED ? intCoreTag.resolve(source, isExplicit, tagName) : result;
	}
}, {
	...floatYaml11Tag,
	resolve: (source, isExplicit, tagName) => {
		const result = floatYaml11Tag.resolve(source, isExplicit, tagName);
		return result === NOT_RESOLVED ? floatCoreTag.resolve(source, isExplicit, tagName) : result;
	}
});
//#endregion
//#region src/tag/mapping/real_map.ts
/**
* Recommended when non-string keys are actually needed. It uses native
* JavaScript `Map` objects, so keys keep their constructed types instead of
* being converted to strings.
*
* It is not the default to avoid widespread breaking changes in existing
* projects. `Map` has a different access API and does not pass deep equality
* checks against `{}`-based fixtures. Alongside the other changes in v5,
* making it the default was considered too disruptive.
*
* If these differences are acceptable for your project, we recommend using
* {@link realMapTag} to guarantee the absence of problems and side effects.
*
* @example
* Enable {@link realMapTag}:
*
* ```javascript
* import { load, CORE_SCHEMA, realMapTag } from 'js-yaml'
*
* try {
*   load(data, { schema: CORE_SCHEMA.withTags(realMapTag) })
* } catch (e) {
*   console.error(e)
* }
* ```
*
* @category Tags
*/
defineMappingTag("tag:yaml.org,2002:map", {
	create: () => /* @__PURE__ */ new Map(),
	addPair: (container, key, value) => {
		container.set(key, value);
		return "";
	},
	has: (container, key) => container.has(key),
	keys: (container) => container.keys(),
	get: (container, key) => container.get(key),
	identify: (data) => data instanceof Map || isPlainObject(data),
	represent: (data) => {
		if (data instanceof Map) return data;
		const map = /* @__PURE__ */ new Map();
		const obj = data;
		for (const key of Object.keys(obj)) map.set(key, obj[key]);
		return map;
	}
});
//#endregion
//#region src/tag/mapping/legacy_map.ts
function normalizeKey(key) {
	if (Array.isArray(key)) {
		const array = Array.prototype.slice.call(key);
		for (let index = 0; index < array.length; index++) {
			if (Array.isArray(array[index])) return null;
			if (typeof array[index] === "object" && Object.prototype.toString.call(array[index]) === "[object Object]") array[index] = "[object Object]";
		}
		return String(array);
	}
	if (typeof key === "object" && Object.prototype.toString.call(key) === "[object Object]") return "[object Object]";
	return String(key);
}
/**
* This implementation exists solely to reproduce v4 behavior exactly. Its use
* is strongly discouraged. If complex or non-string keys are needed, use
* {@link realMapTag} instead.
*
* @category Tags
*/
defineMappingTag("tag:yaml.org,2002:map", {
	create: () => ({}),
	identify: isPlainObject,
	represent: (o) => {
		const map = /* @__PURE__ */ new Map();
		for (const key of Object.keys(o)) map.set(key, o[key]);
		return map;
	},
	addPair: (container, key, value) => {
		const normalizedKey = normalizeKey(key);
		if (normalizedKey === null) return "nested arrays are not supported inside keys";
		if (normalizedKey === "__proto__") Object.defineProperty(container, normalizedKey, {
			value,
			enumerable: true,
			configurable: true,
			writable: true
		});
		else container[normalizedKey] = value;
		return "";
	},
	has: (container, key) => {
		const normalizedKey = normalizeKey(key);
		return normalizedKey !== null && Object.prototype.hasOwnProperty.call(container, normalizedKey);
	},
	keys: (container) => Object.keys(container),
	get: (container, key) => {
		const normalizedKey = String(key);
		if (!Object.prototype.hasOwnProperty.call(container, normalizedKey)) return null;
		return container[normalizedKey];
	}
});
//#endregion
//#region src/common/snippet.ts
var DEFAULT_SNIPPET_OPTIONS = {
	maxLength: 79,
	indent: 1,
	linesBefore: 3,
	linesAfter: 2
};
function getLine(buffer, lineStart, lineEnd, position, maxLineLength) {
	let head = "";
	let tail = "";
	const maxHalfLength = Math.floor(maxLineLength / 2) - 1;
	if (position - lineStart > maxHalfLength) {
		head = " ... ";
		lineStart = position - maxHalfLength + head.length;
	}
	if (lineEnd - position > maxHalfLength) {
		tail = " ...";
		lineEnd = position + maxHalfLength - tail.length;
	}
	return {
		str: head + buffer.slice(lineStart, lineEnd).replace(/\t/g, "→") + tail,
		pos: position - lineStart + head.length
	};
}
function padStart(string, max) {
	return " ".repeat(Math.max(max - string.length, 0)) + string;
}
function makeSnippet(mark, options) {
	if (!mark.buffer) return null;
	const opts = {
		...DEFAULT_SNIPPET_OPTIONS,
		...options
	};
	const re = /\r?\n|\r|\0/g;
	const lineStarts = [0];
	const lineEnds = [];
	let match;
	let foundLineNo = -1;
	while (match = re.exec(mark.buffer)) {
		lineEnds.push(match.index);
		lineStarts.push(match.index + match[0].length);
		if (mark.position <= match.index && foundLineNo < 0) foundLineNo = lineStarts.length - 2;
	}
	if (foundLineNo < 0) foundLineNo = lineStarts.length - 1;
	let result = "";
	const lineNoLength = Math.min(mark.line + opts.linesAfter, lineEnds.length).toString().length;
	const maxLineLength = opts.maxLength - (opts.indent + lineNoLength + 3);
	for (let i = 1; i <= opts.linesBefore; i++) {
		if (foundLineNo - i < 0) break;
		const line = getLine(mark.buffer, lineStarts[foundLineNo - i], lineEnds[foundLineNo - i], mark.position - (lineStarts[foundLineNo] - lineStarts[foundLineNo - i]), maxLineLength);
		result = `${" ".repeat(opts.indent)}${padStart((mark.line - i + 1).toString(), lineNoLength)} | ${line.str}\n${result}`;
	}
	const line = getLine(mark.buffer, lineStarts[foundLineNo], lineEnds[foundLineNo], mark.position, maxLineLength);
	result += `${" ".repeat(opts.indent)}${padStart((mark.line + 1).toString(), lineNoLength)} | ${line.str}\n`;
	result += `${"-".repeat(opts.indent + lineNoLength + 3 + line.pos)}^\n`;
	for (let i = 1; i <= opts.linesAfter; i++) {
		if (foundLineNo + i >= lineEnds.length) break;
		const line = getLine(mark.buffer, lineStarts[foundLineNo + i], lineEnds[foundLineNo + i], mark.position - (lineStarts[foundLineNo] - lineStarts[foundLineNo + i]), maxLineLength);
		result += `${" ".repeat(opts.indent)}${padStart((mark.line + i + 1).toString(), lineNoLength)} | ${line.str}\n`;
	}
	return result.replace(/\n$/, "");
}
//#endregion
//#region src/common/exception.ts
function formatError(exception, compact) {
	let where = "";
	if (!exception.mark) return exception.reason;
	if (exception.mark.name) where += `in "${exception.mark.name}" `;
	where += `(${exception.mark.line + 1}:${exception.mark.column + 1})`;
	if (!compact && exception.mark.snippet) where += `\n\n${exception.mark.snippet}`;
	return `${exception.reason} ${where}`;
}
/**
* A YAML error. Unlike an ordinary `Error`, it adds a source snippet showing
* the location of the problem to the error message, when available.
*
* @category Main
*/
var YAMLException = class YAMLException extends Error {
	reason;
	mark;
	/**
	* Optional `mark` contains source snippet data. Usually, use
	* {@link YAMLException.throwAt} instead of passing it directly.
	*/
	constructor(reason, mark) {
		super();
		this.name = "YAMLException";
		this.reason = reason;
		this.mark = mark;
		this.message = formatError(this, false);
		if (Error.captureStackTrace) Error.captureStackTrace(this, this.constructor);
	}
	/**
	* Returns the formatted error, omitting the source snippet in compact mode.
	*/
	toString(compact) {
		return `${this.name}: ${formatError(this, compact)}`;
	}
	/**
	* Builds a YAMLException with a source snippet and throws it. `source` is
	* the raw input text; `position` is an offset into it.
	*/
	static throwAt(source, position, message, filename = "") {
		let line = 0;
		let lineStart = 0;
		for (let index = 0; index < position; index++) {
			const ch = source.charCodeAt(index);
			if (ch === 10) {
				line++;
				lineStart = index + 1;
			} else if (ch === 13) {
				line++;
				if (source.charCodeAt(index + 1) === 10) index++;
				lineStart = index + 1;
			}
		}
		const mark = {
			name: filename,
			buffer: source,
			position,
			line,
			column: position - lineStart
		};
		mark.snippet = makeSnippet(mark);
		throw new YAMLException(message, mark);
	}
};
//#endregion
//#region src/parser/events.ts
/** @category Events */
var EVENT_ID = {
	DOCUMENT: 1,
	SEQUENCE: 2,
	MAPPING: 3,
	SCALAR: 4,
	ALIAS: 5,
	POP: 6
};
/** @category Nodes */
var SCALAR_STYLE = {
	PLAIN: 1,
	SINGLE_QUOTED: 2,
	DOUBLE_QUOTED: 3,
	LITERAL_BLOCK: 4,
	FOLDED_BLOCK: 5
};
/** @category Nodes */
var COLLECTION_STYLE = {
	BLOCK: 1,
	FLOW: 2
};
/** @category Nodes */
var CHOMPING_MODE = {
	CLIP: 1,
	STRIP: 2,
	KEEP: 3
};
//#endregion
//#region src/parser/parser_scalar.ts
var NO_RANGE$3 = -1;
function simpleEscapeSequence(c) {
	switch (c) {
		case 48: return "\0";
		case 97: return "\x07";
		case 98: return "\b";
		case 116: return "	";
		case 9: return "	";
		case 110: return "\n";
		case 118: return "\v";
		case 102: return "\f";
		case 114: return "\r";
		case 101: return "\x1B";
		case 32: return " ";
		case 34: return "\"";
		case 47: return "/";
		case 92: return "\\";
		case 78: return "";
		case 95: return "\xA0";
		case 76: return "\u2028";
		case 80: return "\u2029";
		default: return "";
	}
}
var simpleEscapeCheck = new Array(256);
var simpleEscapeMap = new Array(256);
for (let i = 0; i < 256; i++) {
	simpleEscapeCheck[i] = simpleEscapeSequence(i) ? 1 : 0;
	simpleEscapeMap[i] = simpleEscapeSequence(i);
}
function charFromCodepoint(c) {
	if (c <= 65535) return String.fromCharCode(c);
	return String.fromCharCode((c - 65536 >> 10) + 55296, (c - 65536 & 1023) + 56320);
}
function fromHexCode$1(c) {
	if (c >= 48 && c <= 57) return c - 48;
	return (c | 32) - 97 + 10;
}
function escapedHexLen$1(c) {
	if (c === 120) return 2;
	if (c === 117) return 4;
	return 8;
}
function skipFoldedBreaks(input, position, end) {
	let breaks = 0;
	while (position < end) {
		const ch = input.charCodeAt(position);
		if (ch === 10) {
			breaks++;
			position++;
		} else if (ch === 13) {
			breaks++;
			position++;
			if (input.charCodeAt(position) === 10) position++;
		} else if (ch === 32 || ch === 9) position++;
		else break;
	}
	return {
		position,
		breaks
	};
}
function foldedBreaks(count) {
	if (count === 1) return " ";
	return "\n".repeat(count - 1);
}
function getPlainValue(input, start, end) {
	let result = "";
	let position = start;
	let captureStart = start;
	let captureEnd = start;
	while (position < end) {
		const ch = input.charCodeAt(position);
		if (ch === 10 || ch === 13) {
			result += input.slice(captureStart, captureEnd);
			const fold = skipFoldedBreaks(input, position, end);
			result += foldedBreaks(fold.breaks);
			position = captureStart = captureEnd = fold.position;
		} else {
			position++;
			if (ch !== 32 && ch !== 9) captureEnd = position;
		}
	}
	return result + input.slice(captureStart, captureEnd);
}
function getSingleQuotedValue(input, start, end) {
	let result = "";
	let position = start;
	let captureStart = start;
	let captureEnd = start;
	while (position < end) {
		const ch = input.charCodeAt(position);
		if (ch === 39) {
			result += input.slice(captureStart, position) + "'";
			position += 2;
			captureStart = captureEnd = position;
		} else if (ch === 10 || ch === 13) {
			result += input.slice(captureStart, captureEnd);
			const fold = skipFoldedBreaks(input, position, end);
			result += foldedBreaks(fold.breaks);
			position = captureStart = captureEnd = fold.position;
		} else {
			position++;
			if (ch !== 32 && ch !== 9) captureEnd = position;
		}
	}
	return result + input.slice(captureStart, end);
}
function getDoubleQuotedValue(input, start, end) {
	let result = "";
	let position = start;
	let captureStart = start;
	let captureEnd = start;
	while (position < end) {
		const ch = input.charCodeAt(position);
		if (ch === 92) {
			result += input.slice(captureStart, position);
			position++;
			const escaped = input.charCodeAt(position);
			if (escaped === 10 || escaped === 13) position = skipFoldedBreaks(input, position, end).position;
			else if (escaped < 256 && simpleEscapeCheck[escaped]) {
				result += simpleEscapeMap[escaped];
				position++;
			} else {
				let hexLength = escapedHexLen$1(escaped);
				let hexResult = 0;
				for (; hexLength > 0; hexLength--) {
					position++;
					const digit = fromHexCode$1(input.charCodeAt(position));
					hexResult = (hexResult << 4) + digit;
				}
				result += charFromCodepoint(hexResult);
				position++;
			}
			captureStart = captureEnd = position;
		} else if (ch === 10 || ch === 13) {
			result += input.slice(captureStart, captureEnd);
			const fold = skipFoldedBreaks(input, position, end);
			result += foldedBreaks(fold.breaks);
			position = captureStart = captureEnd = fold.position;
		} else {
			position++;
			if (ch !== 32 && ch !== 9) captureEnd = position;
		}
	}
	return result + input.slice(captureStart, end);
}
function getBlockValue(input, start, end, indent, chomping, folded) {
	const textIndent = indent < 0 ? 0 : indent;
	const region = input.slice(start, end).replace(/\r\n?/g, "\n");
	const lines = region === "" ? [] : (region.endsWith("\n") ? region.slice(0, -1) : region).split("\n");
	let result = "";
	let didReadContent = false;
	let emptyLines = 0;
	let atMoreIndented = false;
	for (const line of lines) {
		let column = 0;
		while (column < textIndent && line.charCodeAt(column) === 32) column++;
		if (indent < 0 || column >= line.length) {
			emptyLines++;
			continue;
		}
		const content = line.slice(textIndent);
		const first = content.charCodeAt(0);
		if (folded) {
			if (first === 32 || first === 9) {
				atMoreIndented = true;
				result += "\n".repeat(didReadContent ? 1 + emptyLines : emptyLines);
			} else if (atMoreIndented) {
				atMoreIndented = false;
				result += "\n".repeat(emptyLines + 1);
			} else if (emptyLines === 0) {
				if (didReadContent) result += " ";
			} else result += "\n".repeat(emptyLines);
		} else result += "\n".repeat(didReadContent ? 1 + emptyLines : emptyLines);
		result += content;
		didReadContent = true;
		emptyLines = 0;
	}
	if (chomping === CHOMPING_MODE.KEEP) result += "\n".repeat(didReadContent ? 1 + emptyLines : emptyLines);
	else if (chomping !== CHOMPING_MODE.STRIP) {
		if (didReadContent) result += "\n";
	}
	return result;
}
/**
* Decodes the scalar referenced by event offsets in `input`.
*
* @category Events
*/
function getScalarValue(input, scalar) {
	if (scalar.valueStart === NO_RANGE$3) return "";
	const { valueStart, valueEnd } = scalar;
	if (scalar.fast) return input.slice(valueStart, valueEnd);
	switch (scalar.style) {
		case SCALAR_STYLE.SINGLE_QUOTED: return getSingleQuotedValue(input, valueStart, valueEnd);
		case SCALAR_STYLE.DOUBLE_QUOTED: return getDoubleQuotedValue(input, valueStart, valueEnd);
		case SCALAR_STYLE.LITERAL_BLOCK: return getBlockValue(input, valueStart, valueEnd, scalar.indent, scalar.chomping, false);
		case SCALAR_STYLE.FOLDED_BLOCK: return getBlockValue(input, valueStart, valueEnd, scalar.indent, scalar.chomping, true);
		default: return getPlainValue(input, valueStart, valueEnd);
	}
}
//#endregion
//#region src/common/tagname.ts
var DEFAULT_TAG_HANDLERS = Object.assign(Object.create(null), {
	"!": "!",
	"!!": "tag:yaml.org,2002:"
});
function tagPercentDecode(source) {
	let result = "";
	let index = 0;
	while (index < source.length) {
		if (source.charCodeAt(index) !== 37) {
			result += source[index++];
			continue;
		}
		let ch = parseInt(source.slice(index + 1, index + 3), 16);
		index += 3;
		if (ch >= 192) {
			let remaining = ch < 224 ? 1 : ch < 240 ? 2 : 3;
			ch &= (1 << 6 - remaining) - 1;
			while (remaining-- > 0) {
				ch = ch << 6 | parseInt(source.slice(index + 1, index + 3), 16) & 63;
				index += 3;
			}
		}
		if (ch < 65536) result += String.fromCharCode(ch);
		else {
			ch -= 65536;
			result += String.fromCharCode(55296 | ch >> 10, 56320 | ch & 1023);
		}
	}
	return result;
}
function tagNameFull(rawTag, tagHandlers) {
	if (rawTag.startsWith("!<") && rawTag.endsWith(">")) return tagPercentDecode(rawTag.slice(2, -1));
	const handleEnd = rawTag.indexOf("!", 1);
	const handle = handleEnd === -1 ? "!" : rawTag.slice(0, handleEnd + 1);
	return tagPercentDecode(tagHandlers?.[handle] ?? DEFAULT_TAG_HANDLERS[handle] ?? handle) + tagPercentDecode(rawTag.slice(handle.length));
}
//#endregion
//#region src/parser/constructor.ts
var NO_RANGE$2 = -1;
var MERGE_TAG_NAME = "tag:yaml.org,2002:merge";
var DEFAULT_CONSTRUCTOR_OPTIONS = {
	filename: "",
	schema: CORE_SCHEMA,
	json: false,
	maxTotalMergeKeys: 1e4,
	maxAliases: -1
};
function eventPosition$1(event) {
	if ("tagStart" in event && event.tagStart !== NO_RANGE$2) return event.tagStart;
	if ("anchorStart" in event && event.anchorStart !== NO_RANGE$2) return event.anchorStart;
	if ("valueStart" in event && event.valueStart !== NO_RANGE$2) return event.valueStart;
	if ("start" in event) return event.start;
	return 0;
}
function throwError$1(state, message) {
	YAMLException.throwAt(state.source, state.position, message, state.filename);
}
function finalizeCollection(state, position, tag, carrier) {
	try {
		return tag.finalize(carrier);
	} catch (error) {
		if (error instanceof YAMLException) throw error;
		YAMLException.throwAt(state.source, position, error instanceof Error ? error.message : String(error), state.filename);
	}
}
function constructScalar(state, event) {
	const source = getScalarValue(state.source, event);
	const rawTag = event.tagStart === NO_RANGE$2 ? "" : state.source.slice(event.tagStart, event.tagEnd);
	const strTag = state.schema.defaultScalarTag;
	if (rawTag !== "") {
		if (rawTag === "!") return {
			value: source,
			tag: strTag
		};
		const tagName = tagNameFull(rawTag, state.tagHandlers);
		const scalarTag = state.schema.lookupScalarTag(tagName);
		if (scalarTag) {
			const result = scalarTag.resolve(source, true, tagName);
			if (result === NOT_RESOLVED) throwError$1(state, `cannot resolve a node with !<${tagName}> explicit tag`);
			return {
				value: result,
				tag: scalarTag
			};
		}
		const collectionTagDef = state.schema.lookupMappingTag(tagName) ?? state.schema.lookupSequenceTag(tagName);
		if (collectionTagDef) {
			if (source !== "") throwError$1(state, `cannot resolve a node with !<${tagName}> explicit tag`);
			const carrier = collectionTagDef.create(tagName);
			return {
				value: collectionTagDef.carrierIsResult ? carrier : finalizeCollection(state, state.position, collectionTagDef, carrier),
				tag: collectionTagDef
			};
		}
		throwError$1(state, `unknown scalar tag !<${tagName}>`);
	}
	if (event.style === SCALAR_STYLE.PLAIN) return state.schema.resolveImplicitScalarTag(source);
	return {
		value: strTag.resolve(source, false, strTag.tagName),
		tag: strTag
	};
}
function collectionTagName(state, event, defaultTagName) {
	const rawTag = event.tagStart === NO_RANGE$2 ? "" : state.source.slice(event.tagStart, event.tagEnd);
	return rawTag === "" || rawTag === "!" ? defaultTagName : tagNameFull(rawTag, state.tagHandlers);
}
function isMappingTag(tag) {
	return tag.nodeKind === "mapping";
}
function chargeMergeWork(state) {
	state.totalMergeKeys++;
	if (state.maxTotalMergeKeys !== -1 && state.totalMergeKeys > state.maxTotalMergeKeys) throwError$1(state, `merge keys exceeded maxTotalMergeKeys (${state.maxTotalMergeKeys})`);
}
function mergeKeys(state, frame, source, sourceTag) {
	chargeMergeWork(state);
	for (const sourceKey of sourceTag.keys(source)) {
		chargeMergeWork(state);
		if (frame.tag.has(frame.value, sourceKey)) continue;
		const err = frame.tag.addPair(frame.value, sourceKey, sourceTag.get(source, sourceKey));
		if (err) throwError$1(state, err);
		frame.overridable ??= /* @__PURE__ */ new Set();
		frame.overridable.add(sourceKey);
	}
}
function mergeSource(state, frame, source, sourceTag) {
	state.position = frame.keyPosition;
	if (isMappingTag(sourceTag)) mergeKeys(state, frame, source, sourceTag);
	else if (sourceTag.nodeKind === "sequence" && Array.isArray(source)) {
		if (source.length > 100) throwError$1(state, "abnormal merge sequence size");
		for (const element of source) {
			const elementTag = state.nodeTags.get(element);
			if (!elementTag) throwError$1(state, "cannot merge mappings; the provided source object is unacceptable");
			mergeKeys(state, frame, element, elementTag);
		}
	} else throwError$1(state, "cannot merge mappings; the provided source object is unacceptable");
}
function addMappingValue(state, frame, key, value, tag) {
	state.position = frame.keyPosition;
	if (frame.keyIsMerge) {
		mergeSource(state, frame, value, tag);
		return;
	}
	if (!state.json && frame.tag.has(frame.value, key) && !frame.overridable?.has(key)) throwError$1(state, "duplicated mapping key");
	const err = frame.tag.addPair(frame.value, key, value);
	if (err) throwError$1(state, err);
	frame.overridable?.delete(key);
}
function addValue(state, value, tag) {
	const frame = state.frames[state.frames.length - 1];
	if (frame.kind === "document") {
		frame.value = value;
		frame.hasValue = true;
	} else if (frame.kind === "sequence") {
		if (isMappingTag(tag)) state.nodeTags.set(value, tag);
		const err = frame.tag.addItem(frame.value, value, frame.index++);
		if (err) throwError$1(state, err);
	} else if (frame.hasKey) {
		const key = frame.key;
		frame.key = void 0;
		frame.hasKey = false;
		addMappingValue(state, frame, key, value, tag);
	} else {
		frame.key = value;
		frame.keyPosition = state.position;
		frame.hasKey = true;
		frame.keyIsMerge = tag.tagName === MERGE_TAG_NAME;
	}
}
function storeAnchor(state, event, value, tag, isValueFinal) {
	if (event.anchorStart !== NO_RANGE$2) {
		const anchor = {
			value,
			tag,
			isValueFinal
		};
		state.anchors.set(state.source.slice(event.anchorStart, event.anchorEnd), anchor);
		return anchor;
	}
	return null;
}
/**
* Constructs JavaScript documents directly from parser events, without an
* intermediate AST.
*
* @category Events
*/
function constructFromEvents(events, options) {
	const state = {
		...DEFAULT_CONSTRUCTOR_OPTIONS,
		...options,
		events,
		documents: [],
		eventIndex: 0,
		position: 0,
		frames: [],
		anchors: /* @__PURE__ */ new Map(),
		nodeTags: /* @__PURE__ */ new Map(),
		tagHandlers: Object.create(null),
		totalMergeKeys: 0,
		aliasCount: 0
	};
	while (state.eventIndex < state.events.length) {
		const event = state.events[state.eventIndex++];
		state.position = eventPosition$1(event);
		switch (event.type) {
			case EVENT_ID.DOCUMENT:
				state.anchors = /* @__PURE__ */ new Map();
				state.nodeTags = /* @__PURE__ */ new Map();
				state.aliasCount = 0;
				state.tagHandlers = Object.create(null);
				for (const directive of event.directives) if (directive.kind === "tag") state.tagHandlers[directive.handle] = directive.prefix;
				state.frames.push({
					kind: "document",
					position: state.position,
					value: void 0,
					hasValue: false
				});
				break;
			case EVENT_ID.SCALAR: {
				const { value, tag } = constructScalar(state, event);
				storeAnchor(state, event, value, tag, true);
				addValue(state, value, tag);
				break;
			}
			case EVENT_ID.SEQUENCE: {
				const tagName = collectionTagName(state, event, "tag:yaml.org,2002:seq");
				const tag = state.schema.lookupSequenceTag(tagName);
				if (!tag) throwError$1(state, `unknown sequence tag !<${tagName}>`);
				const value = tag.create(tagName);
				const anchor = storeAnchor(state, event, value, tag, tag.carrierIsResult);
				state.frames.push({
					kind: "sequence",
					position: state.position,
					value,
					tag,
					anchor,
					index: 0
				});
				break;
			}
			case EVENT_ID.MAPPING: {
				const tagName = collectionTagName(state, event, "tag:yaml.org,2002:map");
				const tag = state.schema.lookupMappingTag(tagName);
				if (!tag) throwError$1(state, `unknown mapping tag !<${tagName}>`);
				const value = tag.create(tagName);
				const anchor = storeAnchor(state, event, value, tag, tag.carrierIsResult);
				state.frames.push({
					kind: "mapping",
					position: state.position,
					value,
					tag,
					anchor,
					key: void 0,
					keyPosition: state.position,
					hasKey: false,
					keyIsMerge: false,
					overridable: null
				});
				break;
			}
			case EVENT_ID.ALIAS: {
				if (state.maxAliases !== -1 && ++state.aliasCount > state.maxAliases) throwError$1(state, `aliases exceeded maxAliases (${state.maxAliases})`);
				const name = state.source.slice(event.anchorStart, event.anchorEnd);
				const anchor = state.anchors.get(name);
				if (!anchor) throwError$1(state, `unidentified alias "${name}"`);
				if (!anchor.isValueFinal) throwError$1(state, `recursive alias "${name}" is not supported for tag ${anchor.tag.tagName} because it uses finalize()`);
				addValue(state, anchor.value, anchor.tag);
				break;
			}
			case EVENT_ID.POP: {
				const frame = state.frames.pop();
				if (frame.kind === "mapping" && frame.hasKey) {
					state.position = frame.keyPosition;
					throwError$1(state, "incomplete mapping pair in event stream");
				}
				if (frame.kind === "document") state.documents.push(frame.value);
				else {
					const value = frame.tag.carrierIsResult ? frame.value : finalizeCollection(state, frame.position, frame.tag, frame.value);
					if (frame.anchor) {
						frame.anchor.value = value;
						frame.anchor.isValueFinal = true;
					}
					addValue(state, value, frame.tag);
				}
				break;
			}
		}
	}
	return state.documents;
}
//#endregion
//#region src/parser/parser.ts
var NO_RANGE$1 = -1;
var HAS_OWN = Object.prototype.hasOwnProperty;
var CONTEXT_FLOW_IN = 1;
var CONTEXT_FLOW_OUT = 2;
var CONTEXT_BLOCK_IN = 3;
var CONTEXT_BLOCK_OUT = 4;
var PATTERN_NON_PRINTABLE = /[\x00-\x08\x0B\x0C\x0E-\x1F\x7F-\x84\x86-\x9F\uFFFE\uFFFF]|[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?:[^\uD800-\uDBFF]|^)[\uDC00-\uDFFF]/;
var PATTERN_FLOW_INDICATORS = /[,\[\]{}]/;
var PATTERN_TAG_HANDLE = /^(?:!|!!|![0-9A-Za-z-]+!)$/;
var NS_URI_CHAR = String.raw`(?:%[0-9A-Fa-f]{2}|[0-9A-Za-z\-#;/?:@&=+$,_.!~*'()\[\]])`;
var NS_TAG_CHAR = String.raw`(?:%[0-9A-Fa-f]{2}|[0-9A-Za-z\-#;/?:@&=+$.~*'()_])`;
var PATTERN_TAG_URI = new RegExp(`^(?:${NS_URI_CHAR})*$`);
var PATTERN_TAG_SUFFIX = new RegExp(`^(?:${NS_TAG_CHAR})+$`);
var PATTERN_TAG_PREFIX = new RegExp(`^(?:!(?:${NS_URI_CHAR})*|${NS_TAG_CHAR}(?:${NS_URI_CHAR})*)$`);
var DEFAULT_PARSER_OPTIONS = {
	filename: "",
	maxDepth: 100
};
function addDocumentEvent(state, explicitStart, explicitEnd) {
	state.events.push({
		type: EVENT_ID.DOCUMENT,
		explicitStart,
		explicitEnd,
		directives: state.directives
	});
}
function addSequenceEvent(state, start, anchorStart, anchorEnd, tagStart, tagEnd, style) {
	state.events.push({
		type: EVENT_ID.SEQUENCE,
		start,
		anchorStart,
		anchorEnd,
		tagStart,
		tagEnd,
		style
	});
}
function addMappingEvent(state, start, anchorStart, anchorEnd, tagStart, tagEnd, style) {
	state.events.push({
		type: EVENT_ID.MAPPING,
		start,
		anchorStart,
		anchorEnd,
		tagStart,
		tagEnd,
		style
	});
}
function insertFlowPairMappingEvent(state, snapshot) {
	state.events.splice(snapshot.eventsLength, 0, {
		type: EVENT_ID.MAPPING,
		start: snapshot.position,
		anchorStart: NO_RANGE$1,
		anchorEnd: NO_RANGE$1,
		tagStart: NO_RANGE$1,
		tagEnd: NO_RANGE$1,
		style: COLLECTION_STYLE.FLOW
	});
}
function addScalarEvent(state, valueStart, valueEnd, anchorStart, anchorEnd, tagStart, tagEnd, style, chomping = CHOMPING_MODE.CLIP, indent = -1, fast = false) {
	state.events.push({
		type: EVENT_ID.SCALAR,
		valueStart,
		valueEnd,
		anchorStart,
		anchorEnd,
		tagStart,
		tagEnd,
		style,
		chomping,
		indent,
		fast
	});
}
function addAliasEvent(state, anchorStart, anchorEnd) {
	state.events.push({
		type: EVENT_ID.ALIAS,
		anchorStart,
		anchorEnd
	});
}
function addPopEvent(state) {
	state.events.push({ type: EVENT_ID.POP });
}
function addEmptyScalarEvent(state) {
	addScalarEvent(state, NO_RANGE$1, NO_RANGE$1, NO_RANGE$1, NO_RANGE$1, NO_RANGE$1, NO_RANGE$1, SCALAR_STYLE.PLAIN);
}
function emptyProperties() {
	return {
		anchorStart: NO_RANGE$1,
		anchorEnd: NO_RANGE$1,
		tagStart: NO_RANGE$1,
		tagEnd: NO_RANGE$1
	};
}
function snapshotState(state) {
	return {
		position: state.position,
		line: state.line,
		lineStart: state.lineStart,
		lineIndent: state.lineIndent,
		firstTabInLine: state.firstTabInLine,
		eventsLength: state.events.length
	};
}
function restoreState(state, snapshot) {
	state.position = snapshot.position;
	state.line = snapshot.line;
	state.lineStart = snapshot.lineStart;
	state.lineIndent = snapshot.lineIndent;
	state.firstTabInLine = snapshot.firstTabInLine;
	state.events.length = snapshot.eventsLength;
}
function throwError(state, message) {
	YAMLException.throwAt(state.input.slice(0, state.length), state.position, message, state.filename);
}
function isEol(c) {
	return c === 10 || c === 13;
}
function isWhiteSpace(c) {
	return c === 9 || c === 32;
}
function isWsOrEol(c) {
	return isWhiteSpace(c) || isEol(c);
}
function isWsOrEolOrEnd(c) {
	return c === 0 || isWsOrEol(c);
}
function isFlowIndicator(c) {
	return c === 44 || c === 91 || c === 93 || c === 123 || c === 125;
}
function fromDecimalCode(c) {
	return c >= 48 && c <= 57 ? c - 48 : -1;
}
function fromHexCode(c) {
	if (c >= 48 && c <= 57) return c - 48;
	const lc = c | 32;
	if (lc >= 97 && lc <= 102) return lc - 97 + 10;
	return -1;
}
function escapedHexLen(c) {
	if (c === 120) return 2;
	if (c === 117) return 4;
	if (c === 85) return 8;
	return 0;
}
function isSimpleEscape(c) {
	return c === 48 || c === 97 || c === 98 || c === 116 || c === 9 || c === 110 || c === 118 || c === 102 || c === 114 || c === 101 || c === 32 || c === 34 || c === 47 || c === 92 || c === 78 || c === 95 || c === 76 || c === 80;
}
function consumeLineBreak(state) {
	if (state.input.charCodeAt(state.position) === 10) state.position++;
	else {
		state.position++;
		if (state.input.charCodeAt(state.position) === 10) state.position++;
	}
	state.line++;
	state.lineStart = state.position;
	state.lineIndent = 0;
	state.firstTabInLine = -1;
}
function skipSeparationSpace(state, allowComments) {
	let lineBreaks = 0;
	let ch = state.input.charCodeAt(state.position);
	let hasSeparation = state.position === state.lineStart || isWsOrEol(state.input.charCodeAt(state.position - 1));
	while (ch !== 0) {
		while (isWhiteSpace(ch)) {
			hasSeparation = true;
			if (ch === 9 && state.firstTabInLine === -1) state.firstTabInLine = state.position;
			ch = state.input.charCodeAt(++state.position);
		}
		if (allowComments && hasSeparation && ch === 35) do
			ch = state.input.charCodeAt(++state.position);
		while (!isEol(ch) && ch !== 0);
		if (!isEol(ch)) break;
		consumeLineBreak(state);
		lineBreaks++;
		hasSeparation = true;
		ch = state.input.charCodeAt(state.position);
		while (ch === 32) {
			state.lineIndent++;
			ch = state.input.charCodeAt(++state.position);
		}
	}
	return lineBreaks;
}
function testDocumentSeparator(state, position = state.position) {
	const ch = state.input.charCodeAt(position);
	if ((ch === 45 || ch === 46) && ch === state.input.charCodeAt(position + 1) && ch === state.input.charCodeAt(position + 2)) {
		const following = state.input.charCodeAt(position + 3);
		return following === 0 || isWsOrEol(following);
	}
	return false;
}
function skipByteOrderMark(state) {
	if (state.position === state.lineStart && state.input.charCodeAt(state.position) === 65279) {
		state.position++;
		state.lineStart = state.position;
	}
}
function testDocumentBoundary(state) {
	if (state.position !== state.lineStart) return false;
	if (testDocumentSeparator(state)) return true;
	if (state.input.charCodeAt(state.position) !== 65279) return false;
	const snapshot = snapshotState(state);
	skipByteOrderMark(state);
	skipSeparationSpace(state, true);
	const ch = state.input.charCodeAt(state.position);
	const result = state.position === state.lineStart && (ch === 37 || ch === 45 && testDocumentSeparator(state));
	restoreState(state, snapshot);
	return result;
}
function skipUntilLineEnd(state) {
	let ch = state.input.charCodeAt(state.position);
	while (ch !== 0 && !isEol(ch)) ch = state.input.charCodeAt(++state.position);
}
function checkPrintable(state, start, end) {
	const match = PATTERN_NON_PRINTABLE.exec(state.input.slice(start, end));
	if (match !== null) {
		state.position = start + match.index + match[0].length - 1;
		throwError(state, "the stream contains non-printable characters");
	}
}
function readTagProperty(state, props, inFlow) {
	if (state.input.charCodeAt(state.position) !== 33) return false;
	if (props.tagStart !== NO_RANGE$1) throwError(state, "duplication of a tag property");
	const start = state.position;
	let isVerbatim = false;
	let isNamed = false;
	let tagHandle = "!";
	let ch = state.input.charCodeAt(++state.position);
	if (ch === 60) {
		isVerbatim = true;
		ch = state.input.charCodeAt(++state.position);
	} else if (ch === 33) {
		isNamed = true;
		tagHandle = "!!";
		ch = state.input.charCodeAt(++state.position);
	}
	let suffixStart = state.position;
	let tagName;
	if (isVerbatim) {
		while (ch !== 0 && ch !== 62) ch = state.input.charCodeAt(++state.position);
		if (ch !== 62) throwError(state, "unexpected end of the stream within a verbatim tag");
		tagName = state.input.slice(suffixStart, state.position);
		state.position++;
	} else {
		while (ch !== 0 && !isWsOrEol(ch) && !(inFlow && isFlowIndicator(ch))) {
			if (ch === 33) {
				if (!isNamed) {
					tagHandle = state.input.slice(suffixStart - 1, state.position + 1);
					if (!PATTERN_TAG_HANDLE.test(tagHandle)) throwError(state, "named tag handle cannot contain such characters");
					isNamed = true;
					suffixStart = state.position + 1;
				} else throwError(state, "tag suffix cannot contain exclamation marks");
			}
			ch = state.input.charCodeAt(++state.position);
		}
		tagName = state.input.slice(suffixStart, state.position);
		if (PATTERN_FLOW_INDICATORS.test(tagName)) throwError(state, "tag suffix cannot contain flow indicator characters");
	}
	if (tagName && !(isVerbatim ? PATTERN_TAG_URI.test(tagName) : PATTERN_TAG_SUFFIX.test(tagName))) throwError(state, `tag name cannot contain such characters: ${tagName}`);
	if (!isVerbatim && tagHandle !== "!" && tagHandle !== "!!" && !HAS_OWN.call(state.tagHandlers, tagHandle)) throwError(state, `undeclared tag handle "${tagHandle}"`);
	props.tagStart = start;
	props.tagEnd = state.position;
	return true;
}
function readAnchorProperty(state, props) {
	if (state.input.charCodeAt(state.position) !== 38) return false;
	if (props.anchorStart !== NO_RANGE$1) throwError(state, "duplication of an anchor property");
	state.position++;
	const start = state.position;
	while (state.input.charCodeAt(state.position) !== 0 && !isWsOrEol(state.input.charCodeAt(state.position)) && !isFlowIndicator(state.input.charCodeAt(state.position))) state.position++;
	if (state.position === start) throwError(state, "name of an anchor node must contain at least one character");
	props.anchorStart = start;
	props.anchorEnd = state.position;
	return true;
}
function readAlias(state, props) {
	if (state.input.charCodeAt(state.position) !== 42) return false;
	if (props.anchorStart !== NO_RANGE$1 || props.tagStart !== NO_RANGE$1) throwError(state, "alias node should not have any properties");
	state.position++;
	const start = state.position;
	while (state.input.charCodeAt(state.position) !== 0 && !isWsOrEol(state.input.charCodeAt(state.position)) && !isFlowIndicator(state.input.charCodeAt(state.position))) state.position++;
	if (state.position === start) throwError(state, "name of an alias node must contain at least one character");
	addAliasEvent(state, start, state.position);
	return true;
}
function readFlowScalarBreak(state, nodeIndent) {
	skipSeparationSpace(state, false);
	if (state.lineIndent < nodeIndent) throwError(state, "deficient indentation");
}
function readSingleQuotedScalar(state, nodeIndent, props) {
	if (state.input.charCodeAt(state.position) !== 39) return false;
	state.position++;
	const start = state.position;
	let simple = true;
	while (state.input.charCodeAt(state.position) !== 0) {
		const ch = state.input.charCodeAt(state.position);
		if (ch === 39) {
			if (state.input.charCodeAt(state.position + 1) === 39) {
				simple = false;
				state.position += 2;
				continue;
			}
			const end = state.position;
			state.position++;
			addScalarEvent(state, start, end, props.anchorStart, props.anchorEnd, props.tagStart, props.tagEnd, SCALAR_STYLE.SINGLE_QUOTED, CHOMPING_MODE.CLIP, -1, simple);
			return true;
		}
		if (isEol(ch)) {
			simple = false;
			readFlowScalarBreak(state, nodeIndent);
		} else if (state.position === state.lineStart && testDocumentSeparator(state)) throwError(state, "unexpected end of the document within a single quoted scalar");
		else if (ch !== 9 && ch < 32) throwError(state, "expected valid JSON character");
		else state.position++;
	}
	throwError(state, "unexpected end of the stream within a single quoted scalar");
}
function readDoubleQuotedScalar(state, nodeIndent, props) {
	if (state.input.charCodeAt(state.position) !== 34) return false;
	state.position++;
	const start = state.position;
	let simple = true;
	while (state.input.charCodeAt(state.position) !== 0) {
		const ch = state.input.charCodeAt(state.position);
		if (ch === 34) {
			const end = state.position;
			state.position++;
			addScalarEvent(state, start, end, props.anchorStart, props.anchorEnd, props.tagStart, props.tagEnd, SCALAR_STYLE.DOUBLE_QUOTED, CHOMPING_MODE.CLIP, -1, simple);
			return true;
		}
		if (ch === 92) {
			simple = false;
			const escaped = state.input.charCodeAt(++state.position);
			if (isEol(escaped)) readFlowScalarBreak(state, nodeIndent);
			else if (isSimpleEscape(escaped)) state.position++;
			else {
				let hexLength = escapedHexLen(escaped);
				if (hexLength === 0) throwError(state, "unknown escape sequence");
				while (hexLength-- > 0) {
					state.position++;
					if (fromHexCode(state.input.charCodeAt(state.position)) < 0) throwError(state, "expected hexadecimal character");
				}
				state.position++;
			}
		} else if (isEol(ch)) {
			simple = false;
			readFlowScalarBreak(state, nodeIndent);
		} else if (state.position === state.lineStart && testDocumentSeparator(state)) throwError(state, "unexpected end of the document within a double quoted scalar");
		else if (ch !== 9 && ch < 32) throwError(state, "expected valid JSON character");
		else state.position++;
	}
	throwError(state, "unexpected end of the stream within a double quoted scalar");
}
function readBlockScalar(state, parentIndent, props) {
	const ch = state.input.charCodeAt(state.position);
	let chomping = CHOMPING_MODE.CLIP;
	let indent = -1;
	let detectedIndent = false;
	if (ch !== 124 && ch !== 62) return false;
	const style = ch === 124 ? SCALAR_STYLE.LITERAL_BLOCK : SCALAR_STYLE.FOLDED_BLOCK;
	state.position++;
	while (state.input.charCodeAt(state.position) !== 0) {
		const current = state.input.charCodeAt(state.position);
		const digit = fromDecimalCode(current);
		if (current === 43 || current === 45) {
			if (chomping !== CHOMPING_MODE.CLIP) throwError(state, "repeat of a chomping mode identifier");
			chomping = current === 43 ? CHOMPING_MODE.KEEP : CHOMPING_MODE.STRIP;
			state.position++;
		} else if (digit >= 0) {
			if (digit === 0) throwError(state, "bad explicit indentation width of a block scalar; it cannot be less than one");
			if (detectedIndent) throwError(state, "repeat of an indentation width identifier");
			indent = parentIndent + digit - 1;
			detectedIndent = true;
			state.position++;
		} else break;
	}
	let hadWhitespace = false;
	while (isWhiteSpace(state.input.charCodeAt(state.position))) {
		hadWhitespace = true;
		state.position++;
	}
	if (hadWhitespace && state.input.charCodeAt(state.position) === 35) skipUntilLineEnd(state);
	if (isEol(state.input.charCodeAt(state.position))) consumeLineBreak(state);
	else if (state.input.charCodeAt(state.position) !== 0) throwError(state, "a line break is expected");
	let contentIndent = detectedIndent ? indent : -1;
	let maxLeadingIndent = 0;
	const valueStart = state.position;
	let valueEnd = state.position;
	while (state.input.charCodeAt(state.position) !== 0) {
		const linePosition = state.position;
		let column = 0;
		while (state.input.charCodeAt(linePosition + column) === 32) column++;
		const first = state.input.charCodeAt(linePosition + column);
		if (first === 0) {
			if (contentIndent >= 0) {
				if (column > contentIndent) valueEnd = linePosition + column;
			} else if (column > 0) valueEnd = linePosition + column;
			break;
		}
		if (testDocumentBoundary(state)) break;
		if (!detectedIndent && contentIndent === -1 && isEol(first)) maxLeadingIndent = Math.max(maxLeadingIndent, column);
		if (!detectedIndent && contentIndent === -1 && !isEol(first)) {
			if (first === 9 && column < parentIndent) {
				state.position = linePosition + column;
				throwError(state, "tab characters must not be used in indentation");
			}
			if (column >= parentIndent && column < maxLeadingIndent) {
				state.position = linePosition + column;
				throwError(state, "bad indentation of a mapping entry");
			}
		}
		if (contentIndent === -1 && first !== 0 && !isEol(first) && column < parentIndent) {
			state.lineIndent = column;
			state.position = linePosition + column;
			break;
		}
		if (!detectedIndent && first !== 0 && !isEol(first) && contentIndent === -1) contentIndent = column;
		const requiredIndent = contentIndent === -1 ? parentIndent + 1 : contentIndent;
		if (first !== 0 && !isEol(first) && column < requiredIndent) {
			state.lineIndent = column;
			state.position = linePosition + column;
			break;
		}
		skipUntilLineEnd(state);
		valueEnd = state.position;
		if (isEol(state.input.charCodeAt(state.position))) {
			consumeLineBreak(state);
			valueEnd = state.position;
		}
	}
	checkPrintable(state, valueStart, valueEnd);
	addScalarEvent(state, valueStart, valueEnd, props.anchorStart, props.anchorEnd, props.tagStart, props.tagEnd, style, chomping, contentIndent);
	return true;
}
function canStartPlainScalar(state, nodeContext) {
	const ch = state.input.charCodeAt(state.position);
	const inFlow = nodeContext === CONTEXT_FLOW_IN;
	if (ch === 0 || isWsOrEol(ch) || ch === 35 || ch === 38 || ch === 42 || ch === 33 || ch === 124 || ch === 62 || ch === 39 || ch === 34 || ch === 37 || ch === 64 || ch === 96 || isFlowIndicator(ch)) return false;
	if (ch === 63 || ch === 45) {
		const following = state.input.charCodeAt(state.position + 1);
		if (isWsOrEolOrEnd(following) || inFlow && isFlowIndicator(following)) return false;
	}
	return true;
}
function readPlainScalar(state, nodeIndent, nodeContext, props) {
	if (!canStartPlainScalar(state, nodeContext)) return false;
	const start = state.position;
	let end = state.position;
	let ch = state.input.charCodeAt(state.position);
	const inFlow = nodeContext === CONTEXT_FLOW_IN;
	let multiline = false;
	while (ch !== 0) {
		if (testDocumentBoundary(state)) break;
		if (ch === 58) {
			const following = state.input.charCodeAt(state.position + 1);
			if (isWsOrEolOrEnd(following) || inFlow && isFlowIndicator(following)) break;
		} else if (ch === 35) {
			if (isWsOrEol(state.input.charCodeAt(state.position - 1))) break;
		} else if (inFlow && isFlowIndicator(ch)) break;
		else if (isEol(ch)) {
			const savedPosition = state.position;
			const savedLine = state.line;
			const savedLineStart = state.lineStart;
			const savedLineIndent = state.lineIndent;
			skipSeparationSpace(state, false);
			if (state.lineIndent >= nodeIndent) {
				multiline = true;
				ch = state.input.charCodeAt(state.position);
				continue;
			}
			state.position = savedPosition;
			state.line = savedLine;
			state.lineStart = savedLineStart;
			state.lineIndent = savedLineIndent;
			break;
		}
		if (!isWhiteSpace(ch)) end = state.position + 1;
		ch = state.input.charCodeAt(++state.position);
	}
	if (end === start) return false;
	checkPrintable(state, start, end);
	addScalarEvent(state, start, end, props.anchorStart, props.anchorEnd, props.tagStart, props.tagEnd, SCALAR_STYLE.PLAIN, CHOMPING_MODE.CLIP, -1, !multiline);
	return true;
}
function skipFlowSeparationSpace(state, nodeIndent) {
	const startLine = state.line;
	skipSeparationSpace(state, true);
	if (state.line > startLine && state.lineIndent < nodeIndent || state.firstTabInLine !== -1 && state.lineIndent < nodeIndent) throwError(state, "deficient indentation");
}
function readFlowCollection(state, nodeIndent, props) {
	const ch = state.input.charCodeAt(state.position);
	const isMapping = ch === 123;
	const start = state.position;
	let readNext = true;
	if (ch !== 91 && ch !== 123) return false;
	const terminator = isMapping ? 125 : 93;
	if (isMapping) addMappingEvent(state, start, props.anchorStart, props.anchorEnd, props.tagStart, props.tagEnd, COLLECTION_STYLE.FLOW);
	else addSequenceEvent(state, start, props.anchorStart, props.anchorEnd, props.tagStart, props.tagEnd, COLLECTION_STYLE.FLOW);
	state.position++;
	while (state.input.charCodeAt(state.position) !== 0) {
		skipFlowSeparationSpace(state, nodeIndent);
		let ch = state.input.charCodeAt(state.position);
		if (ch === terminator) {
			state.position++;
			addPopEvent(state);
			return true;
		} else if (!readNext) throwError(state, "missed comma between flow collection entries");
		else if (ch === 44) throwError(state, "expected the node content, but found ','");
		let isPair = false;
		let isExplicitPair = false;
		if (ch === 63 && isWsOrEol(state.input.charCodeAt(state.position + 1))) {
			isPair = isExplicitPair = true;
			state.position += 1;
			skipFlowSeparationSpace(state, nodeIndent);
		}
		const entryLine = state.line;
		const entryStart = snapshotState(state);
		const keyWasRead = parseNode(state, nodeIndent, CONTEXT_FLOW_IN, false, true);
		skipFlowSeparationSpace(state, nodeIndent);
		ch = state.input.charCodeAt(state.position);
		if ((isMapping || isExplicitPair || state.line === entryLine) && ch === 58) {
			isPair = true;
			state.position++;
			skipFlowSeparationSpace(state, nodeIndent);
			if (!isMapping) {
				insertFlowPairMappingEvent(state, entryStart);
				if (!keyWasRead) addEmptyScalarEvent(state);
			} else if (!keyWasRead) addEmptyScalarEvent(state);
			if (!parseNode(state, nodeIndent, CONTEXT_FLOW_IN, false, true)) addEmptyScalarEvent(state);
			skipFlowSeparationSpace(state, nodeIndent);
			if (!isMapping) addPopEvent(state);
		} else if (isMapping && isPair) {
			if (!keyWasRead) addEmptyScalarEvent(state);
			addEmptyScalarEvent(state);
		} else if (isMapping) addEmptyScalarEvent(state);
		else if (isPair) {
			insertFlowPairMappingEvent(state, entryStart);
			if (!keyWasRead) addEmptyScalarEvent(state);
			addEmptyScalarEvent(state);
			addPopEvent(state);
		}
		ch = state.input.charCodeAt(state.position);
		if (ch === 44) {
			readNext = true;
			state.position++;
		} else readNext = false;
	}
	throwError(state, "unexpected end of the stream within a flow collection");
}
function readBlockSequence(state, nodeIndent, props) {
	if (state.firstTabInLine !== -1 || state.input.charCodeAt(state.position) !== 45 || !isWsOrEolOrEnd(state.input.charCodeAt(state.position + 1))) return false;
	addSequenceEvent(state, state.position, props.anchorStart, props.anchorEnd, props.tagStart, props.tagEnd, COLLECTION_STYLE.BLOCK);
	while (state.input.charCodeAt(state.position) === 45 && isWsOrEolOrEnd(state.input.charCodeAt(state.position + 1))) {
		if (state.firstTabInLine !== -1) {
			state.position = state.firstTabInLine;
			throwError(state, "tab characters must not be used in indentation");
		}
		const entryLine = state.line;
		state.position++;
		const hadBreak = skipSeparationSpace(state, true) > 0;
		if (state.firstTabInLine !== -1 && state.input.charCodeAt(state.position) === 45 && isWsOrEolOrEnd(state.input.charCodeAt(state.position + 1))) throwError(state, "bad indentation of a sequence entry");
		if (hadBreak && state.lineIndent <= nodeIndent) addEmptyScalarEvent(state);
		else parseNode(state, nodeIndent, CONTEXT_BLOCK_IN, false, true);
		skipSeparationSpace(state, true);
		if (state.lineIndent < nodeIndent || state.position >= state.length) break;
		if (state.lineIndent > nodeIndent) throwError(state, "bad indentation of a sequence entry");
		if (state.line === entryLine && state.input.charCodeAt(state.position) === 45 && isWsOrEolOrEnd(state.input.charCodeAt(state.position + 1))) throwError(state, "bad indentation of a sequence entry");
	}
	addPopEvent(state);
	return true;
}
function readBlockMapping(state, nodeIndent, flowIndent, props) {
	let atExplicitKey = false;
	let detected = false;
	let mappingOpened = false;
	let pendingExplicitKey = false;
	if (state.firstTabInLine !== -1) return false;
	let ch = state.input.charCodeAt(state.position);
	while (ch !== 0) {
		if (!atExplicitKey && state.firstTabInLine !== -1) {
			state.position = state.firstTabInLine;
			throwError(state, "tab characters must not be used in indentation");
		}
		const following = state.input.charCodeAt(state.position + 1);
		const entryLine = state.line;
		if ((ch === 63 || ch === 58) && isWsOrEolOrEnd(following)) {
			if (!mappingOpened) {
				addMappingEvent(state, state.position, props.anchorStart, props.anchorEnd, props.tagStart, props.tagEnd, COLLECTION_STYLE.BLOCK);
				mappingOpened = true;
			}
			if (ch === 63) {
				if (atExplicitKey) addEmptyScalarEvent(state);
				detected = true;
				atExplicitKey = true;
			} else if (atExplicitKey) atExplicitKey = false;
			else {
				addEmptyScalarEvent(state);
				detected = true;
				atExplicitKey = false;
			}
			state.position += 1;
			pendingExplicitKey = true;
		} else {
			if (atExplicitKey) {
				addEmptyScalarEvent(state);
				atExplicitKey = false;
			}
			const beforeKey = snapshotState(state);
			if (!parseNode(state, flowIndent, CONTEXT_FLOW_OUT, false, true)) break;
			if (state.line === entryLine) {
				ch = state.input.charCodeAt(state.position);
				while (isWhiteSpace(ch)) ch = state.input.charCodeAt(++state.position);
				if (ch === 58) {
					ch = state.input.charCodeAt(++state.position);
					if (!isWsOrEolOrEnd(ch)) throwError(state, "a whitespace character is expected after the key-value separator within a block mapping");
					if (!mappingOpened) {
						state.events.splice(beforeKey.eventsLength, 0, {
							type: EVENT_ID.MAPPING,
							start: beforeKey.position,
							anchorStart: props.anchorStart,
							anchorEnd: props.anchorEnd,
							tagStart: props.tagStart,
							tagEnd: props.tagEnd,
							style: COLLECTION_STYLE.BLOCK
						});
						mappingOpened = true;
					}
					detected = true;
					atExplicitKey = false;
					pendingExplicitKey = false;
				} else if (detected) throwError(state, "expected ':' after a mapping key");
				else {
					if (props.anchorStart !== NO_RANGE$1 || props.tagStart !== NO_RANGE$1) {
						restoreState(state, beforeKey);
						return false;
					}
					return true;
				}
			} else if (detected) throwError(state, "can not read a block mapping entry; a multiline key may not be an implicit key");
			else {
				if (props.anchorStart !== NO_RANGE$1 || props.tagStart !== NO_RANGE$1) {
					restoreState(state, beforeKey);
					return false;
				}
				return true;
			}
		}
		if (parseNode(state, nodeIndent, CONTEXT_BLOCK_OUT, true, pendingExplicitKey)) pendingExplicitKey = false;
		if (!atExplicitKey) {
			if (pendingExplicitKey) {
				addEmptyScalarEvent(state);
				pendingExplicitKey = false;
			}
		}
		skipSeparationSpace(state, true);
		ch = state.input.charCodeAt(state.position);
		if ((state.line === entryLine || state.lineIndent > nodeIndent) && ch !== 0) throwError(state, "bad indentation of a mapping entry");
		else if (state.lineIndent < nodeIndent) break;
	}
	if (!detected) return false;
	if (atExplicitKey) addEmptyScalarEvent(state);
	if (mappingOpened) addPopEvent(state);
	return true;
}
function parseNode(state, parentIndent, nodeContext, allowToSeek, allowCompact, allowPropertyMapping = true) {
	if (state.depth >= state.maxDepth) throwError(state, `nesting exceeded maxDepth (${state.maxDepth})`);
	state.depth++;
	let indentStatus = 1;
	let atNewLine = false;
	let hasContent = false;
	let propertyStart = null;
	const props = emptyProperties();
	let allowBlockScalars = nodeContext === CONTEXT_BLOCK_OUT || nodeContext === CONTEXT_BLOCK_IN;
	let allowBlockCollections = allowBlockScalars;
	const allowBlockStyles = allowBlockScalars;
	if (allowToSeek && skipSeparationSpace(state, true)) {
		atNewLine = true;
		if (state.lineIndent > parentIndent) indentStatus = 1;
		else if (state.lineIndent === parentIndent) indentStatus = 0;
		else indentStatus = -1;
	}
	if (indentStatus === 1) while (true) {
		const ch = state.input.charCodeAt(state.position);
		const propertyState = snapshotState(state);
		if (atNewLine && indentStatus !== 1 && (ch === 33 || ch === 38)) break;
		if (atNewLine && allowBlockStyles && (props.tagStart !== NO_RANGE$1 || props.anchorStart !== NO_RANGE$1) && (ch === 33 || ch === 38)) {
			const fallbackState = snapshotState(state);
			const flowIndent = parentIndent + 1;
			if (readBlockMapping(state, state.position - state.lineStart, flowIndent, props) && state.events[fallbackState.eventsLength]?.type === EVENT_ID.MAPPING) {
				state.depth--;
				return true;
			}
			restoreState(state, fallbackState);
		}
		if (atNewLine && (ch === 33 && props.tagStart !== NO_RANGE$1 || ch === 38 && props.anchorStart !== NO_RANGE$1)) break;
		if (!readTagProperty(state, props, nodeContext === CONTEXT_FLOW_IN) && !readAnchorProperty(state, props)) break;
		if (propertyStart === null) propertyStart = propertyState;
		if (skipSeparationSpace(state, true)) {
			atNewLine = true;
			allowBlockCollections = allowBlockStyles;
			if (state.lineIndent > parentIndent) indentStatus = 1;
			else if (state.lineIndent === parentIndent) indentStatus = 0;
			else indentStatus = -1;
		} else allowBlockCollections = false;
	}
	if (allowBlockCollections) allowBlockCollections = atNewLine || allowCompact;
	if (indentStatus === 1 || nodeContext === CONTEXT_BLOCK_OUT) {
		const flowIndent = nodeContext === CONTEXT_FLOW_IN || nodeContext === CONTEXT_FLOW_OUT ? parentIndent : parentIndent + 1;
		const blockIndent = state.position - state.lineStart;
		if (indentStatus === 1) {
			if (allowBlockCollections && (readBlockSequence(state, blockIndent, props) || readBlockMapping(state, blockIndent, flowIndent, props)) || readFlowCollection(state, flowIndent, props)) hasContent = true;
			else {
				const ch = state.input.charCodeAt(state.position);
				if (propertyStart !== null && allowPropertyMapping && allowBlockStyles && !allowBlockCollections && ch !== 124 && ch !== 62) {
					const fallbackState = snapshotState(state);
					const propertyIndent = propertyStart.position - propertyStart.lineStart;
					restoreState(state, propertyStart);
					if (readBlockMapping(state, propertyIndent, flowIndent, emptyProperties()) && state.events[fallbackState.eventsLength]?.type === EVENT_ID.MAPPING) hasContent = true;
					else restoreState(state, fallbackState);
				}
				if (!hasContent && (allowBlockScalars && readBlockScalar(state, flowIndent, props) || readSingleQuotedScalar(state, flowIndent, props) || readDoubleQuotedScalar(state, flowIndent, props) || readAlias(state, props) || readPlainScalar(state, flowIndent, nodeContext, props))) hasContent = true;
			}
		} else if (indentStatus === 0) hasContent = allowBlockCollections && readBlockSequence(state, blockIndent, props);
	}
	allowBlockScalars = allowBlockScalars && !hasContent;
	if (!hasContent && (props.anchorStart !== NO_RANGE$1 || props.tagStart !== NO_RANGE$1 || allowBlockScalars)) {
		addScalarEvent(state, NO_RANGE$1, NO_RANGE$1, props.anchorStart, props.anchorEnd, props.tagStart, props.tagEnd, SCALAR_STYLE.PLAIN);
		hasContent = true;
	}
	state.depth--;
	return hasContent || props.anchorStart !== NO_RANGE$1 || props.tagStart !== NO_RANGE$1;
}
function readDirective(state) {
	if (state.lineIndent > 0 || state.input.charCodeAt(state.position) !== 37) return false;
	state.position++;
	const nameStart = state.position;
	while (state.input.charCodeAt(state.position) !== 0 && !isWsOrEol(state.input.charCodeAt(state.position))) state.position++;
	const name = state.input.slice(nameStart, state.position);
	const args = [];
	if (name.length === 0) throwError(state, "directive name must not be less than one character in length");
	while (state.input.charCodeAt(state.position) !== 0 && !isEol(state.input.charCodeAt(state.position))) {
		while (isWhiteSpace(state.input.charCodeAt(state.position))) state.position++;
		if (state.input.charCodeAt(state.position) === 35 || isEol(state.input.charCodeAt(state.position)) || state.input.charCodeAt(state.position) === 0) break;
		const start = state.position;
		while (state.input.charCodeAt(state.position) !== 0 && !isWsOrEol(state.input.charCodeAt(state.position))) state.position++;
		args.push(state.input.slice(start, state.position));
	}
	if (isEol(state.input.charCodeAt(state.position))) consumeLineBreak(state);
	if (name === "YAML") {
		if (state.directives.some((directive) => directive.kind === "yaml")) throwError(state, "duplication of %YAML directive");
		if (args.length !== 1) throwError(state, "YAML directive accepts exactly one argument");
		const match = /^([0-9]+)\.([0-9]+)$/.exec(args[0]);
		if (match === null) throwError(state, "ill-formed argument of the YAML directive");
		if (parseInt(match[1], 10) !== 1) throwError(state, "unacceptable YAML version of the document");
		state.directives.push({
			kind: "yaml",
			version: args[0]
		});
	} else if (name === "TAG") {
		if (args.length !== 2) throwError(state, "TAG directive accepts exactly two arguments");
		const [handle, prefix] = args;
		if (!PATTERN_TAG_HANDLE.test(handle)) throwError(state, "ill-formed tag handle (first argument) of the TAG directive");
		if (HAS_OWN.call(state.tagHandlers, handle)) throwError(state, `there is a previously declared suffix for "${handle}" tag handle`);
		if (!PATTERN_TAG_PREFIX.test(prefix)) throwError(state, "ill-formed tag prefix (second argument) of the TAG directive");
		state.tagHandlers[handle] = prefix;
		state.directives.push({
			kind: "tag",
			handle,
			prefix
		});
	}
	return true;
}
function readDocument(state) {
	state.directives = [];
	state.tagHandlers = Object.create(null);
	let hasDirectives = false;
	skipSeparationSpace(state, true);
	while (readDirective(state)) {
		hasDirectives = true;
		skipSeparationSpace(state, true);
	}
	let explicitStart = false;
	let explicitEnd = false;
	let allowCompact = true;
	if (state.lineIndent === 0 && state.input.charCodeAt(state.position) === 45 && state.input.charCodeAt(state.position + 1) === 45 && state.input.charCodeAt(state.position + 2) === 45 && isWsOrEolOrEnd(state.input.charCodeAt(state.position + 3))) {
		explicitStart = true;
		const markerLine = state.line;
		state.position += 3;
		skipSeparationSpace(state, true);
		allowCompact = state.line > markerLine;
	} else if (hasDirectives) throwError(state, "directives end mark is expected");
	const documentEventIndex = state.events.length;
	if (!explicitStart && state.position === state.lineStart && state.input.charCodeAt(state.position) === 46 && testDocumentSeparator(state)) {
		state.position += 3;
		skipSeparationSpace(state, true);
		return;
	}
	addDocumentEvent(state, explicitStart, false);
	if (!parseNode(state, state.lineIndent - 1, CONTEXT_BLOCK_OUT, false, allowCompact, allowCompact)) addEmptyScalarEvent(state);
	skipSeparationSpace(state, true);
	if (state.position === state.lineStart && testDocumentSeparator(state)) {
		explicitEnd = state.input.charCodeAt(state.position) === 46;
		if (explicitEnd) {
			const markerLine = state.line;
			state.position += 3;
			skipSeparationSpace(state, true);
			if (state.line === markerLine && state.position < state.length) throwError(state, "end of the stream or a document separator is expected");
		}
	}
	const documentEvent = state.events[documentEventIndex];
	if (documentEvent?.type === EVENT_ID.DOCUMENT) documentEvent.explicitEnd = explicitEnd;
	addPopEvent(state);
	if (!explicitEnd && state.position < state.length && !testDocumentBoundary(state)) throwError(state, "end of the stream or a document separator is expected");
}
/**
* Parses YAML into a flat event stream referencing source text by offsets.
*
* @category Events
*/
function parseEvents(input, options) {
	const length = input.length;
	const state = {
		...DEFAULT_PARSER_OPTIONS,
		...options,
		input: `${input}\0`,
		length,
		position: 0,
		line: 0,
		lineStart: 0,
		lineIndent: 0,
		firstTabInLine: -1,
		depth: 0,
		directives: [],
		tagHandlers: Object.create(null),
		events: []
	};
	const nullpos = input.indexOf("\0");
	if (nullpos !== -1) YAMLException.throwAt(input, nullpos, "null byte is not allowed in input", state.filename);
	while (state.position < state.length) {
		skipByteOrderMark(state);
		skipSeparationSpace(state, true);
		if (state.position >= state.length) break;
		const documentStart = state.position;
		readDocument(state);
		if (state.position === documentStart)
 /* c8 ignore next */
		throwError(state, "can not read a document");
	}
	return state.events;
}
//#endregion
//#region src/load.ts
var DEFAULT_LOAD_OPTIONS = {
	...DEFAULT_PARSER_OPTIONS,
	...DEFAULT_CONSTRUCTOR_OPTIONS
};
function loadDocuments(input, options = {}) {
	const opts = {
		...DEFAULT_LOAD_OPTIONS,
		...options
	};
	const source = String(input);
	const PARSER_OPT_KEYS = Object.keys(DEFAULT_PARSER_OPTIONS);
	const CONSTRUCTOR_OPT_KEYS = Object.keys(DEFAULT_CONSTRUCTOR_OPTIONS);
	return constructFromEvents(parseEvents(source, pick(opts, PARSER_OPT_KEYS)), {
		...pick(opts, CONSTRUCTOR_OPT_KEYS),
		source
	});
}
/**
* Parses `string` as a single YAML document. Throws {@link YAMLException} on
* error. This function does not understand multi-document or empty sources; it
* throws an exception on those.
*
* > [!NOTE]
* > 1. When processing untrusted input, see the
* >    [security considerations](../docs/safety.md).
* > 2. All exceptions MUST be caught, not just {@link YAMLException}.
* > 3. The default {@link CORE_SCHEMA} comes without the `!!merge` tag. You can
* >    easily enable it if needed.
* > 4. The default {@link mapTag} is `{}`-object based, with known limitations
* >    (see description). For full compatibility use {@link realMapTag}
* >    instead (it uses native JS `Map`).
*
* @example
* Enable {@link mergeTag} and {@link realMapTag}:
*
* ```javascript
* import { load, CORE_SCHEMA, mergeTag, realMapTag } from 'js-yaml'
*
* try {
*   load(data, { schema: CORE_SCHEMA.withTags(mergeTag, realMapTag) })
* } catch (e) {
*   console.error(e)
* }
* ```
*
* @category Main
*/
function load(input, options) {
	const documents = loadDocuments(input, options);
	if (documents.length === 0) throw new YAMLException("expected a document, but the input is empty");
	if (documents.length === 1) return documents[0];
	throw new YAMLException("expected a single document in the stream, but found more");
}
//#endregion
//#region src/ast/styler_defaults.ts
function hasBit(mask, bit) {
	return (mask & 1 << bit) !== 0;
}
/**
* Default scalar styling rules in application order.
* See [Scalar styling](../../docs/scalar_styling.md) for usage details.
*
* @category AST
*/
var DEFAULT_SCALAR_STYLE_RULES = {
	applyQuoteFlowKeysOption,
	doubleQuoteForInvisibles,
	doubleQuoteWhitespaceOnly,
	applyForceQuotesOption,
	tryLongOrMultilineAsBlock,
	quoteInvalidPlain,
	fallbackToDoubleQuoted
};
function _preferredQuotedStyle(layout) {
	if (layout.presenterOptions.quoteStyle === "single" && hasBit(layout.allowedStylesMask, SCALAR_STYLE.SINGLE_QUOTED)) return SCALAR_STYLE.SINGLE_QUOTED;
	return SCALAR_STYLE.DOUBLE_QUOTED;
}
function applyQuoteFlowKeysOption(layout) {
	if (!layout.presenterOptions.quoteFlowKeys) return;
	if (!layout.isKey || !layout.flowOnly || layout.style !== SCALAR_STYLE.PLAIN) return;
	layout.style = SCALAR_STYLE.DOUBLE_QUOTED;
}
function doubleQuoteForInvisibles(layout) {
	if (layout.style === SCALAR_STYLE.PLAIN && /[\t\x7F-\xA0\u2028\u2029\uFEFF\uFFFE\uFFFF]/.test(layout.node.value)) layout.style = SCALAR_STYLE.DOUBLE_QUOTED;
}
function doubleQuoteWhitespaceOnly(layout) {
	if (layout.style === SCALAR_STYLE.PLAIN && /^\s+$/.test(layout.node.value)) layout.style = SCALAR_STYLE.DOUBLE_QUOTED;
}
function applyForceQuotesOption(layout) {
	if (!layout.presenterOptions.forceQuotes) return;
	if (layout.isKey || layout.style !== SCALAR_STYLE.PLAIN) return;
	if (layout.node.tag !== layout.presenterOptions.schema.defaultScalarTag.tagName) return;
	layout.style = layout.node.value.includes("\n") ? SCALAR_STYLE.DOUBLE_QUOTED : _preferredQuotedStyle(layout);
}
function tryLongOrMultilineAsBlock(layout) {
	if (layout.style !== SCALAR_STYLE.PLAIN || layout.isKey) return;
	const value = layout.node.value;
	const multiline = value.indexOf("\n") !== -1;
	if (!hasBit(layout.allowedStylesMask, SCALAR_STYLE.LITERAL_BLOCK)) {
		if (multiline) layout.style = SCALAR_STYLE.DOUBLE_QUOTED;
		return;
	}
	const w = layout.presenterOptions.lineWidth;
	if (w === -1) {
		if (multiline) layout.style = SCALAR_STYLE.LITERAL_BLOCK;
		return;
	}
	const availableWidth = Math.max(Math.min(w, 40), w - layout.shiftOfContent);
	let position = 0;
	let shouldFold = false;
	while (position <= value.length) {
		let lineEnd = value.length;
		const nextLineBreak = value.indexOf("\n", position);
		if (nextLineBreak !== -1) lineEnd = nextLineBreak;
		const line = value.slice(position, lineEnd);
		if (line.length > availableWidth && line[0] !== " " && / [^ \t]/.test(line)) shouldFold = true;
		if (nextLineBreak === -1) break;
		position = nextLineBreak + 1;
	}
	if (shouldFold) layout.style = SCALAR_STYLE.FOLDED_BLOCK;
	else if (multiline) layout.style = SCALAR_STYLE.LITERAL_BLOCK;
}
function quoteInvalidPlain(layout) {
	if (layout.style === SCALAR_STYLE.PLAIN && !hasBit(layout.allowedStylesMask, SCALAR_STYLE.PLAIN)) layout.style = _preferredQuotedStyle(layout);
}
function fallbackToDoubleQuoted(layout) {
	if (!hasBit(layout.allowedStylesMask, layout.style)) layout.style = SCALAR_STYLE.DOUBLE_QUOTED;
}
({
	scalarStyleRules: Object.keys(DEFAULT_SCALAR_STYLE_RULES).map((name) => Reflect.get(DEFAULT_SCALAR_STYLE_RULES, name))});

/** Options whose values are paths: relative ones are taken from the settings file's folder, or the cwd for flags. */
const PATH_OPTIONS = new Set(['package.path', 'package.requirements', 'output.path']);
const DEFAULT_SETTINGS_FILE = 'settings.spindrift';
/** Far above any real settings file; refusing bigger ones keeps a wrong --file from eating memory. */
const MAX_SETTINGS_BYTES = 1024 * 1024;
/**
 * Read a settings file. A missing default file means "no settings"; a missing file the user named is an error.
 */
function readSettingsFile(file, explicit) {
    let bytes;
    try {
        if (statSync(file).isDirectory()) {
            throw new SpindriftError(`Settings file ${file} is a folder; point --file at a settings.spindrift file.`);
        }
        const size = statSync(file).size;
        if (size > MAX_SETTINGS_BYTES) {
            throw new SpindriftError(`Settings file ${file} is ${(size / (1024 * 1024)).toFixed(1)} MB; a settings file is a few lines: check that --file points at the right file.`, { file });
        }
        bytes = readFileSync(file);
    }
    catch (error) {
        if (error instanceof SpindriftError)
            throw error;
        if (!explicit && error.code === 'ENOENT')
            return {};
        throw new SpindriftError(`Settings file ${file} cannot be read (${error.code ?? error}); check the path given to --file.`);
    }
    let text;
    try {
        text = new TextDecoder('utf-8', { fatal: true }).decode(bytes);
    }
    catch {
        throw new SpindriftError(`Settings file ${file} is not valid UTF-8 text; save it as UTF-8.`, { file });
    }
    return parseSettings(text, file);
}
/** Parse settings YAML into option values (paths made absolute against the file's folder). */
function parseSettings(text, file) {
    // js-yaml 5 refuses an empty document; an empty or comment-only settings file simply sets nothing.
    if (!/^\s*[^#\s]/m.test(text))
        return {};
    let document;
    try {
        document = load(text, { filename: file });
    }
    catch (error) {
        if (error instanceof YAMLException) {
            const line = error.mark ? error.mark.line + 1 : undefined;
            const where = line ? `${file} line ${line}` : file;
            throw new SpindriftError(`Settings file ${where} is not valid YAML (${error.reason}); fix that line.`, { file, line });
        }
        throw error;
    }
    if (document === null || document === undefined)
        return {};
    if (!isMap(document)) {
        throw new SpindriftError(`Settings file ${file} must be a map of sections (package:, output:), not ${describe(document)}.`, { file, line: 1 });
    }
    const values = {};
    const baseDir = path$1.dirname(path$1.resolve(file));
    for (const [section, body] of Object.entries(document)) {
        const spec = OPTIONS.find(o => o.key === section);
        if (spec) {
            values[spec.key] = checkValue(spec, body, { file, line: findLine(text, section) }, baseDir);
            continue;
        }
        const sectionKeys = OPTION_KEYS.filter(k => k.startsWith(section + '.'));
        if (sectionKeys.length === 0) {
            const suggestion = closest(section, [...new Set(OPTION_KEYS.map(k => k.split('.')[0]))]);
            throw unknownKey(section, suggestion, { file, line: findLine(text, section) });
        }
        if (body === null)
            continue;
        if (!isMap(body)) {
            throw new SpindriftError(`${section} in ${file} must be a map of keys (for example ${sectionKeys[0]}), not ${describe(body)}.`, { file, line: findLine(text, section) });
        }
        for (const [name, value] of Object.entries(body)) {
            const key = `${section}.${name}`;
            const where = { file, line: findLine(text, name, findLine(text, section)) };
            const keySpec = OPTIONS.find(o => o.key === key);
            if (!keySpec)
                throw unknownKey(key, closest(key, OPTION_KEYS), where);
            if (value === null)
                continue;
            values[key] = checkValue(keySpec, value, where, baseDir);
        }
    }
    return values;
}
/** Check one value's type, normalise it and make path values absolute against baseDir. */
function checkValue(spec, value, where, baseDir) {
    const place = where.file ? ` in ${where.file}${where.line ? ` line ${where.line}` : ''}` : '';
    let checked;
    if (spec.kind === 'boolean') {
        if (typeof value !== 'boolean') {
            throw new SpindriftError(`${spec.key}${place} must be true or false, not ${describe(value)}.`, where);
        }
        checked = value;
    }
    else if (spec.kind === 'list') {
        const items = Array.isArray(value) ? value : [value];
        if (!items.every(item => typeof item === 'string' && item.trim() !== '')) {
            throw new SpindriftError(`${spec.key}${place} must be a text value or a list of them, not ${describe(value)}.`, where);
        }
        checked = items.map(item => item.trim());
    }
    else {
        if (typeof value !== 'string' && typeof value !== 'number') {
            throw new SpindriftError(`${spec.key}${place} must be a text value, not ${describe(value)}.`, where);
        }
        checked = String(value).trim();
        if (spec.choices && !spec.choices.includes(checked)) {
            const suggestion = closest(checked, spec.choices);
            throw new SpindriftError(`${spec.key}${place} is "${checked}", which is not one of ${spec.choices.map(c => `"${c}"`).join(', ')}` +
                (suggestion ? `; did you mean "${suggestion}"?` : '.'), where);
        }
    }
    if (spec.key === 'output.path' && /[/\\]$/.test(checked)) {
        throw new SpindriftError(`output.path "${checked}"${place} ends with a slash; give the path of the .zip file to write, for example ${checked}app.zip.`, where);
    }
    if (PATH_OPTIONS.has(spec.key)) {
        checked = Array.isArray(checked) ? checked.map(p => path$1.resolve(baseDir, p)) : path$1.resolve(baseDir, checked);
    }
    return checked;
}
function unknownKey(key, suggestion, where) {
    const place = where.file ? ` in ${where.file}${where.line ? ` line ${where.line}` : ''}` : '';
    const hint = suggestion ? `did you mean "${suggestion}"?` : `the known settings are ${OPTION_KEYS.join(', ')}.`;
    return new SpindriftError(`Unknown setting "${key}"${place}; ${hint}`, where);
}
function isMap(value) {
    return typeof value === 'object' && value !== null && !Array.isArray(value);
}
function describe(value) {
    if (Array.isArray(value))
        return 'a list';
    if (value === null)
        return 'empty';
    if (typeof value === 'object')
        return 'a map';
    return `${typeof value} ${JSON.stringify(value)}`;
}
/** 1-based line of `key:` in the YAML text, at or after line `after`: for messages and annotations. */
function findLine(text, key, after = 0) {
    const lines = text.split(/\r?\n/);
    const pattern = new RegExp(`^\\s*["']?${key.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}["']?\\s*:`);
    for (let i = Math.max(0, after - 1); i < lines.length; i++)
        if (pattern.test(lines[i]))
            return i + 1;
    return undefined;
}

/** Settings file < flags/inputs, then validation: the one way every face gets its Plan. */
function configure(input) {
    const explicit = input.settingsFile !== undefined && input.settingsFile !== '';
    const file = path$1.resolve(input.cwd, explicit ? input.settingsFile : DEFAULT_SETTINGS_FILE);
    const fromFile = explicit || input.readDefaultFile !== false ? readSettingsFile(file, explicit) : {};
    const fromFlags = {};
    for (const [key, value] of Object.entries(input.overrides)) {
        if (value === undefined || value === '' || (Array.isArray(value) && value.length === 0))
            continue;
        const spec = OPTIONS.find(o => o.key === key);
        if (!spec)
            throw new SpindriftError(`Unknown option "${key}".`);
        fromFlags[key] = checkValue(spec, value, {}, input.cwd);
    }
    const usedFile = Object.keys(fromFile).length > 0 || explicit;
    return resolvePlan({ ...fromFile, ...fromFlags }, { baseDir: usedFile ? path$1.dirname(file) : input.cwd, env: input.env, boundary: input.boundary });
}

var util = {exports: {}};

var constants;
var hasRequiredConstants;

function requireConstants () {
	if (hasRequiredConstants) return constants;
	hasRequiredConstants = 1;
	constants = {
	    /* The local file header */
	    LOCHDR           : 30, // LOC header size
	    LOCSIG           : 0x04034b50, // "PK\003\004"
	    LOCVER           : 4,	// version needed to extract
	    LOCFLG           : 6, // general purpose bit flag
	    LOCHOW           : 8, // compression method
	    LOCTIM           : 10, // modification time (2 bytes time, 2 bytes date)
	    LOCCRC           : 14, // uncompressed file crc-32 value
	    LOCSIZ           : 18, // compressed size
	    LOCLEN           : 22, // uncompressed size
	    LOCNAM           : 26, // filename length
	    LOCEXT           : 28, // extra field length

	    /* The Data descriptor */
	    EXTSIG           : 0x08074b50, // "PK\007\008"
	    EXTHDR           : 16, // EXT header size
	    EXTCRC           : 4, // uncompressed file crc-32 value
	    EXTSIZ           : 8, // compressed size
	    EXTLEN           : 12, // uncompressed size

	    /* The central directory file header */
	    CENHDR           : 46, // CEN header size
	    CENSIG           : 0x02014b50, // "PK\001\002"
	    CENVEM           : 4, // version made by
	    CENVER           : 6, // version needed to extract
	    CENFLG           : 8, // encrypt, decrypt flags
	    CENHOW           : 10, // compression method
	    CENTIM           : 12, // modification time (2 bytes time, 2 bytes date)
	    CENCRC           : 16, // uncompressed file crc-32 value
	    CENSIZ           : 20, // compressed size
	    CENLEN           : 24, // uncompressed size
	    CENNAM           : 28, // filename length
	    CENEXT           : 30, // extra field length
	    CENCOM           : 32, // file comment length
	    CENDSK           : 34, // volume number start
	    CENATT           : 36, // internal file attributes
	    CENATX           : 38, // external file attributes (host system dependent)
	    CENOFF           : 42, // LOC header offset

	    /* The entries in the end of central directory */
	    ENDHDR           : 22, // END header size
	    ENDSIG           : 0x06054b50, // "PK\005\006"
	    ENDSUB           : 8, // number of entries on this disk
	    ENDTOT           : 10, // total number of entries
	    ENDSIZ           : 12, // central directory size in bytes
	    ENDOFF           : 16, // offset of first CEN header
	    ENDCOM           : 20, // zip file comment length

	    END64HDR         : 20, // zip64 END header size
	    END64SIG         : 0x07064b50, // zip64 Locator signature, "PK\006\007"
	    END64START       : 4, // number of the disk with the start of the zip64
	    END64OFF         : 8, // relative offset of the zip64 end of central directory
	    END64NUMDISKS    : 16, // total number of disks

	    ZIP64SIG         : 0x06064b50, // zip64 signature, "PK\006\006"
	    ZIP64HDR         : 56, // zip64 record minimum size
	    ZIP64LEAD        : 12, // leading bytes at the start of the record, not counted by the value stored in ZIP64SIZE
	    ZIP64SIZE        : 4, // zip64 size of the central directory record
	    ZIP64VEM         : 12, // zip64 version made by
	    ZIP64VER         : 14, // zip64 version needed to extract
	    ZIP64DSK         : 16, // zip64 number of this disk
	    ZIP64DSKDIR      : 20, // number of the disk with the start of the record directory
	    ZIP64SUB         : 24, // number of entries on this disk
	    ZIP64TOT         : 32, // total number of entries
	    ZIP64SIZB        : 40, // zip64 central directory size in bytes
	    ZIP64OFF         : 48, // offset of start of central directory with respect to the starting disk number
	    ZIP64EXTRA       : 56, // extensible data sector

	    /* Compression methods */
	    STORED           : 0, // no compression
	    SHRUNK           : 1, // shrunk
	    REDUCED1         : 2, // reduced with compression factor 1
	    REDUCED2         : 3, // reduced with compression factor 2
	    REDUCED3         : 4, // reduced with compression factor 3
	    REDUCED4         : 5, // reduced with compression factor 4
	    IMPLODED         : 6, // imploded
	    // 7 reserved for Tokenizing compression algorithm
	    DEFLATED         : 8, // deflated
	    ENHANCED_DEFLATED: 9, // enhanced deflated
	    PKWARE           : 10,// PKWare DCL imploded
	    // 11 reserved by PKWARE
	    BZIP2            : 12, //  compressed using BZIP2
	    // 13 reserved by PKWARE
	    LZMA             : 14, // LZMA
	    // 15-17 reserved by PKWARE
	    IBM_TERSE        : 18, // compressed using IBM TERSE
	    IBM_LZ77         : 19, // IBM LZ77 z
	    AES_ENCRYPT      : 99, // WinZIP AES encryption method

	    /* General purpose bit flag */
	    // values can obtained with expression 2**bitnr
	    FLG_ENC          : 1,    // Bit 0: encrypted file
	    FLG_COMP1        : 2,    // Bit 1, compression option
	    FLG_COMP2        : 4,    // Bit 2, compression option
	    FLG_DESC         : 8,    // Bit 3, data descriptor
	    FLG_ENH          : 16,   // Bit 4, enhanced deflating
	    FLG_PATCH        : 32,   // Bit 5, indicates that the file is compressed patched data.
	    FLG_STR          : 64,   // Bit 6, strong encryption (patented)
	                             // Bits 7-10: Currently unused.
	    FLG_EFS          : 2048, // Bit 11: Language encoding flag (EFS)
	                             // Bit 12: Reserved by PKWARE for enhanced compression.
	                             // Bit 13: encrypted the Central Directory (patented).
	                             // Bits 14-15: Reserved by PKWARE.
	    FLG_MSK          : 4096, // mask header values

	    /* Load type */
	    FILE             : 2,
	    BUFFER           : 1,
	    NONE             : 0,

	    /* 4.5 Extensible data fields */
	    EF_ID            : 0,
	    EF_SIZE          : 2,

	    /* Header IDs */
	    ID_ZIP64         : 0x0001,
	    ID_AVINFO        : 0x0007,
	    ID_PFS           : 0x0008,
	    ID_OS2           : 0x0009,
	    ID_NTFS          : 0x000a,
	    ID_OPENVMS       : 0x000c,
	    ID_UNIX          : 0x000d,
	    ID_FORK          : 0x000e,
	    ID_PATCH         : 0x000f,
	    ID_X509_PKCS7    : 0x0014,
	    ID_X509_CERTID_F : 0x0015,
	    ID_X509_CERTID_C : 0x0016,
	    ID_STRONGENC     : 0x0017,
	    ID_RECORD_MGT    : 0x0018,
	    ID_X509_PKCS7_RL : 0x0019,
	    ID_IBM1          : 0x0065,
	    ID_IBM2          : 0x0066,
	    ID_POSZIP        : 0x4690,

	    EF_ZIP64_OR_32   : 0xffffffff,
	    EF_ZIP64_OR_16   : 0xffff,
	    EF_ZIP64_SUNCOMP : 0,
	    EF_ZIP64_SCOMP   : 8,
	    EF_ZIP64_RHO     : 16,
	    EF_ZIP64_DSN     : 24
	};
	return constants;
}

var errors = {};

var hasRequiredErrors;

function requireErrors () {
	if (hasRequiredErrors) return errors;
	hasRequiredErrors = 1;
	(function (exports) {
		const errors = {
		    /* Header error messages */
		    INVALID_LOC: "Invalid LOC header (bad signature)",
		    INVALID_CEN: "Invalid CEN header (bad signature)",
		    INVALID_END: "Invalid END header (bad signature)",

		    /* Descriptor */
		    DESCRIPTOR_NOT_EXIST: "No descriptor present",
		    DESCRIPTOR_UNKNOWN: "Unknown descriptor format",
		    DESCRIPTOR_FAULTY: "Descriptor data is malformed",

		    /* ZipEntry error messages*/
		    NO_DATA: "Nothing to decompress",
		    BAD_CRC: "CRC32 checksum failed {0}",
		    MAX_OUTPUT_EXCEEDED: "Decompressed data exceeds the declared uncompressed size",
		    FILE_IN_THE_WAY: "There is a file in the way: {0}",
		    UNKNOWN_METHOD: "Invalid/unsupported compression method",

		    /* Inflater error messages */
		    AVAIL_DATA: "inflate::Available inflate data did not terminate",
		    INVALID_DISTANCE: "inflate::Invalid literal/length or distance code in fixed or dynamic block",
		    TO_MANY_CODES: "inflate::Dynamic block code description: too many length or distance codes",
		    INVALID_REPEAT_LEN: "inflate::Dynamic block code description: repeat more than specified lengths",
		    INVALID_REPEAT_FIRST: "inflate::Dynamic block code description: repeat lengths with no first length",
		    INCOMPLETE_CODES: "inflate::Dynamic block code description: code lengths codes incomplete",
		    INVALID_DYN_DISTANCE: "inflate::Dynamic block code description: invalid distance code lengths",
		    INVALID_CODES_LEN: "inflate::Dynamic block code description: invalid literal/length code lengths",
		    INVALID_STORE_BLOCK: "inflate::Stored block length did not match one's complement",
		    INVALID_BLOCK_TYPE: "inflate::Invalid block type (type == 3)",

		    /* ADM-ZIP error messages */
		    CANT_EXTRACT_FILE: "Could not extract the file",
		    CANT_OVERRIDE: "Target file already exists",
		    DISK_ENTRY_TOO_LARGE: "Number of disk entries is too large",
		    NO_ZIP: "No zip file was loaded",
		    NO_ENTRY: "Entry doesn't exist",
		    DUPLICATE_ENTRY: "Duplicate entry name {0}",
		    DIRECTORY_CONTENT_ERROR: "A directory cannot have content",
		    FILE_NOT_FOUND: 'File not found: "{0}"',
		    NOT_IMPLEMENTED: "Not implemented",
		    INVALID_FILENAME: "Invalid filename",
		    INVALID_FORMAT: "Invalid or unsupported zip format. No END header found",
		    ZIP64_VALUE_TOO_LARGE: "Zip64 value exceeds the maximum safe integer",
		    INVALID_PASS_PARAM: "Incompatible password parameter",
		    WRONG_PASSWORD: "Wrong Password",

		    /* ADM-ZIP */
		    COMMENT_TOO_LONG: "Comment is too long", // Comment can be max 65535 bytes long (NOTE: some non-US characters may take more space)
		    EXTRA_FIELD_PARSE_ERROR: "Extra field parsing error"
		};

		// template
		function E(message) {
		    return function (...args) {
		        if (args.length) { // Allow {0} .. {9} arguments in error message, based on argument number
		            message = message.replace(/\{(\d)\}/g, (_, n) => args[n] || '');
		        }

		        return new Error('ADM-ZIP: ' + message);
		    };
		}

		// Init errors with template
		for (const msg of Object.keys(errors)) {
		    exports[msg] = E(errors[msg]);
		} 
	} (errors));
	return errors;
}

var utils;
var hasRequiredUtils;

function requireUtils () {
	if (hasRequiredUtils) return utils;
	hasRequiredUtils = 1;
	const fsystem = fs__default;
	const pth = path__default;
	const Constants = requireConstants();
	const Errors = requireErrors();
	const isWin = typeof process === "object" && "win32" === process.platform;

	const is_Obj = (obj) => typeof obj === "object" && obj !== null;

	// generate CRC32 lookup table
	const crcTable = new Uint32Array(256).map((t, c) => {
	    for (let k = 0; k < 8; k++) {
	        if ((c & 1) !== 0) {
	            c = 0xedb88320 ^ (c >>> 1);
	        } else {
	            c >>>= 1;
	        }
	    }
	    return c >>> 0;
	});

	// UTILS functions

	function Utils(opts) {
	    this.sep = pth.sep;
	    this.fs = fsystem;

	    if (is_Obj(opts)) {
	        // custom filesystem
	        if (is_Obj(opts.fs) && typeof opts.fs.statSync === "function") {
	            this.fs = opts.fs;
	        }
	    }
	}

	utils = Utils;

	// INSTANTIABLE functions

	Utils.prototype.makeDir = function (/*String*/ folder) {
	    const self = this;

	    // Sync - make directories tree
	    function mkdirSync(/*String*/ fpath) {
	        let resolvedPath = fpath.split(self.sep)[0];
	        fpath.split(self.sep).forEach(function (name) {
	            if (!name || name.substr(-1, 1) === ":") return;
	            resolvedPath += self.sep + name;
	            var stat;
	            try {
	                stat = self.fs.statSync(resolvedPath);
	            } catch (e) {
	                if (e.message && e.message.startsWith('ENOENT')) {
	                    self.fs.mkdirSync(resolvedPath);
	                } else {
	                    throw e;
	                }
	            }
	            if (stat && stat.isFile()) throw Errors.FILE_IN_THE_WAY(`"${resolvedPath}"`);
	        });
	    }

	    mkdirSync(folder);
	};

	Utils.prototype.writeFileTo = function (/*String*/ path, /*Buffer*/ content, /*Boolean*/ overwrite, /*Number*/ attr) {
	    const self = this;
	    if (self.fs.existsSync(path)) {
	        if (!overwrite) return false; // cannot overwrite

	        var stat = self.fs.statSync(path);
	        if (stat.isDirectory()) {
	            return false;
	        }
	    }
	    var folder = pth.dirname(path);
	    if (!self.fs.existsSync(folder)) {
	        self.makeDir(folder);
	    }

	    var fd;
	    try {
	        fd = self.fs.openSync(path, "w", 0o666); // 0666
	    } catch (e) {
	        self.fs.chmodSync(path, 0o666);
	        fd = self.fs.openSync(path, "w", 0o666);
	    }
	    if (fd) {
	        try {
	            self.fs.writeSync(fd, content, 0, content.length, 0);
	        } finally {
	            self.fs.closeSync(fd);
	        }
	    }
	    self.fs.chmodSync(path, attr || 0o666);
	    return true;
	};

	Utils.prototype.writeFileToAsync = function (/*String*/ path, /*Buffer*/ content, /*Boolean*/ overwrite, /*Number*/ attr, /*Function*/ callback) {
	    if (typeof attr === "function") {
	        callback = attr;
	        attr = undefined;
	    }

	    const self = this;

	    self.fs.exists(path, function (exist) {
	        if (exist && !overwrite) return callback(false);

	        self.fs.stat(path, function (err, stat) {
	            if (exist && stat && stat.isDirectory()) {
	                return callback(false);
	            }

	            var folder = pth.dirname(path);
	            self.fs.exists(folder, function (exists) {
	                if (!exists) {
	                    // makeDir is synchronous and can throw (e.g. EACCES); report failure
	                    // rather than letting it escape this callback as an uncaught exception
	                    try {
	                        self.makeDir(folder);
	                    } catch (e) {
	                        return callback(false);
	                    }
	                }

	                // write the content to an open descriptor, then apply the attributes
	                const writeToFd = function (fd) {
	                    self.fs.write(fd, content, 0, content.length, 0, function (writeErr) {
	                        self.fs.close(fd, function () {
	                            // surface write failures instead of silently reporting success (issue #402)
	                            if (writeErr) return callback(false);
	                            self.fs.chmod(path, attr || 0o666, function () {
	                                callback(true);
	                            });
	                        });
	                    });
	                };

	                self.fs.open(path, "w", 0o666, function (err, fd) {
	                    if (err) {
	                        // the target may exist but be read-only: make it writable and retry once
	                        self.fs.chmod(path, 0o666, function () {
	                            self.fs.open(path, "w", 0o666, function (retryErr, fd) {
	                                // Previously the retry error was ignored and an undefined fd was
	                                // passed to fs.write, throwing an uncaught ERR_INVALID_ARG_TYPE that
	                                // crashed the process (issues #470, #459, #402). Report failure instead.
	                                if (retryErr || !fd) return callback(false);
	                                writeToFd(fd);
	                            });
	                        });
	                    } else if (fd) {
	                        writeToFd(fd);
	                    } else {
	                        callback(false);
	                    }
	                });
	            });
	        });
	    });
	};

	// Guard extraction against writing through a symlink that already exists inside
	// the target directory. sanitize() only proves the textual path stays under the
	// root; it cannot see that a component on disk is a symlink pointing elsewhere,
	// so open()/mkdir() would follow it and write outside the root. Walk every path
	// component strictly below root and reject any that is a symlink. Components at
	// or above root are the caller's own choice and are left untouched, so a root
	// that itself lives under a symlink (e.g. /tmp on macOS) still extracts.
	Utils.prototype.assertPathSafe = function (/*String*/ root, /*String*/ target) {
	    const self = this;
	    if (typeof self.fs.lstatSync !== "function") return;

	    const resolvedRoot = pth.resolve(root);
	    const resolvedTarget = pth.resolve(target);
	    if (resolvedTarget === resolvedRoot) return;

	    const rel = pth.relative(resolvedRoot, resolvedTarget);
	    // Not under root: sanitize() is responsible for that case; nothing to walk.
	    if (!rel || rel === ".." || rel.startsWith(".." + pth.sep) || pth.isAbsolute(rel)) return;

	    let cur = resolvedRoot;
	    for (const part of rel.split(pth.sep)) {
	        if (!part || part === ".") continue;
	        cur = pth.join(cur, part);
	        let stat;
	        try {
	            stat = self.fs.lstatSync(cur);
	        } catch (e) {
	            break; // component does not exist yet: nothing below it can be a symlink
	        }
	        if (stat.isSymbolicLink()) throw Errors.FILE_IN_THE_WAY(`"${cur}"`);
	    }
	};

	Utils.prototype.findFiles = function (/*String*/ path) {
	    const self = this;
	    const canLstat = typeof self.fs.lstatSync === "function";
	    const rootReal = self.fs.realpathSync(path);

	    // A symlink whose target lies outside the folder being archived must not be
	    // followed: statSync would dereference it and copy the target's contents into
	    // the archive, disclosing files outside the root (GHSA-wx42-xcp7-pgr4). Allow
	    // symlinks that resolve to a location inside the root, reject any that escape.
	    function escapesRoot(/*String*/ p) {
	        if (!canLstat) return false;
	        if (!self.fs.lstatSync(p).isSymbolicLink()) return false;
	        let real;
	        try {
	            real = self.fs.realpathSync(p);
	        } catch (e) {
	            return true; // dangling or unresolvable symlink: do not follow
	        }
	        return !(real === rootReal || real.startsWith(rootReal + pth.sep));
	    }

	    function findSync(/*String*/ dir, /*RegExp*/ pattern, /*Boolean*/ recursive, /*Set*/ visited) {
	        let files = [];
	        self.fs.readdirSync(dir).forEach(function (file) {
	            const path = pth.join(dir, file);

	            if (escapesRoot(path)) return;

	            const stat = self.fs.statSync(path);

	            {
	                files.push(pth.normalize(path) + (stat.isDirectory() ? self.sep : ""));
	            }

	            if (stat.isDirectory() && recursive) {
	                // Descend by resolved real path and skip directories we have already
	                // visited. This stops a symlink that points back to an ancestor from
	                // recursing forever until the path fails with ELOOP / ENAMETOOLONG
	                // (issue #541).
	                const realDir = self.fs.realpathSync(path);
	                if (!visited.has(realDir)) {
	                    visited.add(realDir);
	                    files = files.concat(findSync(path, pattern, recursive, visited));
	                }
	            }
	        });
	        return files;
	    }

	    return findSync(path, undefined, true, new Set([rootReal]));
	};

	/**
	 * Callback for showing if everything was done.
	 *
	 * @callback filelistCallback
	 * @param {Error} err - Error object
	 * @param {string[]} list - was request fully completed
	 */

	/**
	 *
	 * @param {string} dir
	 * @param {filelistCallback} cb
	 */
	Utils.prototype.findFilesAsync = function (dir, cb) {
	    const self = this;
	    const results = [];
	    let finished = false;
	    const finish = function (err) {
	        if (finished) return;
	        finished = true;
	        cb(err, err ? undefined : results);
	    };

	    const canLstat = typeof self.fs.lstat === "function";
	    let rootReal = null;

	    // Reject a symlink whose target escapes the root being archived, so its
	    // contents are not dereferenced and copied into the archive
	    // (GHSA-wx42-xcp7-pgr4). A symlink resolving to a location inside the root is
	    // allowed; a dangling or escaping one is skipped. Calls back (err, escapes).
	    const escapesRoot = function (file, cb) {
	        if (!canLstat) return cb(null, false);
	        self.fs.lstat(file, function (err, lst) {
	            if (err) return cb(err);
	            if (!lst || !lst.isSymbolicLink()) return cb(null, false);
	            self.fs.realpath(file, function (err, real) {
	                if (err) return cb(null, true); // dangling: do not follow
	                cb(null, !(real === rootReal || real.startsWith(rootReal + pth.sep)));
	            });
	        });
	    };

	    // Descend by resolved real path and skip directories already visited, so a
	    // symlink pointing back to an ancestor cannot recurse forever (issue #541).
	    const walk = function (dir, visited, done) {
	        self.fs.readdir(dir, function (err, list) {
	            if (err) return done(err);
	            let pending = list.length;
	            if (!pending) return done();
	            list.forEach(function (name) {
	                const file = pth.join(dir, name);
	                escapesRoot(file, function (err, escapes) {
	                    if (err) return done(err);
	                    if (escapes) {
	                        if (!--pending) done();
	                        return;
	                    }
	                    self.fs.stat(file, function (err, stat) {
	                        if (err) return done(err);
	                        if (!stat) {
	                            if (!--pending) done();
	                            return;
	                        }
	                        results.push(pth.normalize(file) + (stat.isDirectory() ? self.sep : ""));
	                        if (!stat.isDirectory()) {
	                            if (!--pending) done();
	                            return;
	                        }
	                        self.fs.realpath(file, function (err, realDir) {
	                            if (err) return done(err);
	                            if (visited.has(realDir)) {
	                                if (!--pending) done();
	                                return;
	                            }
	                            visited.add(realDir);
	                            walk(file, visited, function (err) {
	                                if (err) return done(err);
	                                if (!--pending) done();
	                            });
	                        });
	                    });
	                });
	            });
	        });
	    };

	    self.fs.realpath(dir, function (err, realDir) {
	        if (err) return finish(err);
	        rootReal = realDir;
	        walk(dir, new Set([realDir]), finish);
	    });
	};

	Utils.prototype.getAttributes = function () {};

	Utils.prototype.setAttributes = function () {};

	// STATIC functions

	// crc32 single update (it is part of crc32)
	Utils.crc32update = function (crc, byte) {
	    return crcTable[(crc ^ byte) & 0xff] ^ (crc >>> 8);
	};

	Utils.crc32 = function (buf) {
	    if (typeof buf === "string") {
	        buf = Buffer.from(buf, "utf8");
	    }

	    let len = buf.length;
	    let crc = -1;
	    for (let off = 0; off < len; ) crc = Utils.crc32update(crc, buf[off++]);
	    // xor and cast as uint32 number
	    return ~crc >>> 0;
	};

	Utils.methodToString = function (/*Number*/ method) {
	    switch (method) {
	        case Constants.STORED:
	            return "STORED (" + method + ")";
	        case Constants.DEFLATED:
	            return "DEFLATED (" + method + ")";
	        default:
	            return "UNSUPPORTED (" + method + ")";
	    }
	};

	/**
	 * removes ".." style path elements
	 * @param {string} path - fixable path
	 * @returns string - fixed filepath
	 */
	Utils.canonical = function (/*string*/ path) {
	    if (!path) return "";
	    // trick normalize think path is absolute
	    const safeSuffix = pth.posix.normalize("/" + path.split("\\").join("/"));
	    return pth.join(".", safeSuffix);
	};

	/**
	 * fix file names in achive
	 * @param {string} path - fixable path
	 * @returns string - fixed filepath
	 */

	Utils.zipnamefix = function (path) {
	    if (!path) return "";
	    // trick normalize think path is absolute
	    const safeSuffix = pth.posix.normalize("/" + path.split("\\").join("/"));
	    return pth.posix.join(".", safeSuffix);
	};

	/**
	 *
	 * @param {Array} arr
	 * @param {function} callback
	 * @returns
	 */
	Utils.findLast = function (arr, callback) {
	    if (!Array.isArray(arr)) throw new TypeError("arr is not array");

	    const len = arr.length >>> 0;
	    for (let i = len - 1; i >= 0; i--) {
	        if (callback(arr[i], i, arr)) {
	            return arr[i];
	        }
	    }
	    return void 0;
	};

	// make absolute paths taking prefix as root folder
	Utils.sanitize = function (/*string*/ prefix, /*string*/ name) {
	    prefix = pth.resolve(pth.normalize(prefix));
	    var parts = name.split("/");
	    for (var i = 0, l = parts.length; i < l; i++) {
	        var path = pth.normalize(pth.join(prefix, parts.slice(i, l).join(pth.sep)));
	        if (path === prefix || path.startsWith(prefix + pth.sep)) {
	            return path;
	        }
	    }
	    return pth.normalize(pth.join(prefix, pth.basename(name)));
	};

	// converts buffer, Uint8Array, string types to buffer
	Utils.toBuffer = function toBuffer(/*buffer, Uint8Array, string*/ input, /* function */ encoder) {
	    if (Buffer.isBuffer(input)) {
	        return input;
	    } else if (input instanceof Uint8Array) {
	        return Buffer.from(input);
	    } else {
	        // expect string all other values are invalid and return empty buffer
	        return typeof input === "string" ? encoder(input) : Buffer.alloc(0);
	    }
	};

	Utils.readBigUInt64LE = function (/*Buffer*/ buffer, /*int*/ index) {
	    const lo = buffer.readUInt32LE(index);
	    const hi = buffer.readUInt32LE(index + 4);
	    const value = hi * 0x100000000 + lo;
	    // The result is a JS number, so values above 2^53 - 1 cannot be represented
	    // exactly. These are zip64 sizes/offsets/counts used as buffer indices; a
	    // silently rounded value would misparse the archive. Reject instead.
	    if (value > Number.MAX_SAFE_INTEGER) {
	        throw Errors.ZIP64_VALUE_TOO_LARGE();
	    }
	    return value;
	};

	Utils.writeBigUInt64LE = function (/*Buffer*/ buffer, /*Number*/ value, /*int*/ index) {
	    const lo = value >>> 0;
	    const hi = Math.floor(value / 0x100000000) >>> 0;
	    buffer.writeUInt32LE(lo, index);
	    buffer.writeUInt32LE(hi, index + 4);
	};

	Utils.fromDOS2Date = function (val) {
	    return new Date(((val >> 25) & 0x7f) + 1980, Math.max(((val >> 21) & 0x0f) - 1, 0), Math.max((val >> 16) & 0x1f, 1), (val >> 11) & 0x1f, (val >> 5) & 0x3f, (val & 0x1f) << 1);
	};

	Utils.fromDate2DOS = function (val) {
	    let date = 0;
	    let time = 0;
	    if (val.getFullYear() > 1979) {
	        date = (((val.getFullYear() - 1980) & 0x7f) << 9) | ((val.getMonth() + 1) << 5) | val.getDate();
	        time = (val.getHours() << 11) | (val.getMinutes() << 5) | (val.getSeconds() >> 1);
	    }
	    return (date << 16) | time;
	};

	Utils.isWin = isWin; // Do we have windows system
	Utils.crcTable = crcTable;
	return utils;
}

var fattr;
var hasRequiredFattr;

function requireFattr () {
	if (hasRequiredFattr) return fattr;
	hasRequiredFattr = 1;
	const pth = path__default;

	fattr = function (/*String*/ path, /*Utils object*/ { fs }) {
	    var _path = path || "",
	        _obj = newAttr(),
	        _stat = null;

	    function newAttr() {
	        return {
	            directory: false,
	            readonly: false,
	            hidden: false,
	            executable: false,
	            mtime: 0,
	            atime: 0
	        };
	    }

	    if (_path && fs.existsSync(_path)) {
	        _stat = fs.statSync(_path);
	        _obj.directory = _stat.isDirectory();
	        _obj.mtime = _stat.mtime;
	        _obj.atime = _stat.atime;
	        _obj.executable = (0o111 & _stat.mode) !== 0; // file is executable who ever har right not just owner
	        _obj.readonly = (0o200 & _stat.mode) === 0; // readonly if owner has no write right
	        _obj.hidden = pth.basename(_path)[0] === ".";
	    } else {
	        console.warn("Invalid path: " + _path);
	    }

	    return {
	        get directory() {
	            return _obj.directory;
	        },

	        get readOnly() {
	            return _obj.readonly;
	        },

	        get hidden() {
	            return _obj.hidden;
	        },

	        get mtime() {
	            return _obj.mtime;
	        },

	        get atime() {
	            return _obj.atime;
	        },

	        get executable() {
	            return _obj.executable;
	        },

	        decodeAttributes: function () {},

	        encodeAttributes: function () {},

	        toJSON: function () {
	            return {
	                path: _path,
	                isDirectory: _obj.directory,
	                isReadOnly: _obj.readonly,
	                isHidden: _obj.hidden,
	                isExecutable: _obj.executable,
	                mTime: _obj.mtime,
	                aTime: _obj.atime
	            };
	        },

	        toString: function () {
	            return JSON.stringify(this.toJSON(), null, "\t");
	        }
	    };
	};
	return fattr;
}

var decoder;
var hasRequiredDecoder;

function requireDecoder () {
	if (hasRequiredDecoder) return decoder;
	hasRequiredDecoder = 1;
	decoder = {
	    efs: true,
	    encode: (data) => Buffer.from(data, "utf8"),
	    decode: (data) => data.toString("utf8")
	};
	return decoder;
}

var hasRequiredUtil;

function requireUtil () {
	if (hasRequiredUtil) return util.exports;
	hasRequiredUtil = 1;
	util.exports = requireUtils();
	util.exports.Constants = requireConstants();
	util.exports.Errors = requireErrors();
	util.exports.FileAttr = requireFattr();
	util.exports.decoder = requireDecoder();
	return util.exports;
}

var headers = {};

var entryHeader;
var hasRequiredEntryHeader;

function requireEntryHeader () {
	if (hasRequiredEntryHeader) return entryHeader;
	hasRequiredEntryHeader = 1;
	var Utils = requireUtil(),
	    Constants = Utils.Constants;

	/* The central directory file header */
	entryHeader = function () {
	    var _verMade = 20, // v2.0
	        _version = 10, // v1.0
	        _flags = 0,
	        _method = 0,
	        _time = 0,
	        _crc = 0,
	        _compressedSize = 0,
	        _size = 0,
	        _fnameLen = 0,
	        _extraLen = 0,
	        _comLen = 0,
	        _diskStart = 0,
	        _inattr = 0,
	        _attr = 0,
	        _offset = 0;

	    _verMade |= Utils.isWin ? 0x0a00 : 0x0300;

	    // Set EFS flag since filename and comment fields are all by default encoded using UTF-8.
	    // Without it file names may be corrupted for other apps when file names use unicode chars
	    _flags |= Constants.FLG_EFS;

	    const _localHeader = {
	        extraLen: 0
	    };

	    // casting
	    const uint32 = (val) => Math.max(0, val) >>> 0;
	    const uint8 = (val) => Math.max(0, val) & 0xff;

	    _time = Utils.fromDate2DOS(new Date());

	    return {
	        get made() {
	            return _verMade;
	        },
	        set made(val) {
	            _verMade = val;
	        },

	        get version() {
	            return _version;
	        },
	        set version(val) {
	            _version = val;
	        },

	        get flags() {
	            return _flags;
	        },
	        set flags(val) {
	            _flags = val;
	        },

	        get flags_efs() {
	            return (_flags & Constants.FLG_EFS) > 0;
	        },
	        set flags_efs(val) {
	            if (val) {
	                _flags |= Constants.FLG_EFS;
	            } else {
	                _flags &= ~Constants.FLG_EFS;
	            }
	        },

	        get flags_desc() {
	            return (_flags & Constants.FLG_DESC) > 0;
	        },
	        set flags_desc(val) {
	            if (val) {
	                _flags |= Constants.FLG_DESC;
	            } else {
	                _flags &= ~Constants.FLG_DESC;
	            }
	        },

	        get method() {
	            return _method;
	        },
	        set method(val) {
	            switch (val) {
	                case Constants.STORED:
	                    this.version = 10;
	                    break;
	                case Constants.DEFLATED:
	                default:
	                    this.version = 20;
	            }
	            _method = val;
	        },

	        get time() {
	            return Utils.fromDOS2Date(this.timeval);
	        },
	        set time(val) {
	            val = new Date(val);
	            this.timeval = Utils.fromDate2DOS(val);
	        },

	        get timeval() {
	            return _time;
	        },
	        set timeval(val) {
	            _time = uint32(val);
	        },

	        get timeHighByte() {
	            return uint8(_time >>> 8);
	        },
	        get crc() {
	            return _crc;
	        },
	        set crc(val) {
	            _crc = uint32(val);
	        },

	        get compressedSize() {
	            return _compressedSize;
	        },
	        set compressedSize(val) {
	            _compressedSize = uint32(val);
	        },

	        get size() {
	            return _size;
	        },
	        set size(val) {
	            _size = uint32(val);
	        },

	        get fileNameLength() {
	            return _fnameLen;
	        },
	        set fileNameLength(val) {
	            _fnameLen = val;
	        },

	        get extraLength() {
	            return _extraLen;
	        },
	        set extraLength(val) {
	            _extraLen = val;
	        },

	        get extraLocalLength() {
	            return _localHeader.extraLen;
	        },
	        set extraLocalLength(val) {
	            _localHeader.extraLen = val;
	        },

	        get commentLength() {
	            return _comLen;
	        },
	        set commentLength(val) {
	            _comLen = val;
	        },

	        get diskNumStart() {
	            return _diskStart;
	        },
	        set diskNumStart(val) {
	            _diskStart = uint32(val);
	        },

	        get inAttr() {
	            return _inattr;
	        },
	        set inAttr(val) {
	            _inattr = uint32(val);
	        },

	        get attr() {
	            return _attr;
	        },
	        set attr(val) {
	            _attr = uint32(val);
	        },

	        // get Unix file permissions
	        get fileAttr() {
	            // Mask to the 9 rwxrwxrwx bits only. The setuid (0o4000), setgid
	            // (0o2000) and sticky (0o1000) bits are attacker-controlled archive
	            // metadata; preserving them on extraction (keepOriginalPermission)
	            // lets a crafted zip plant a setuid-root binary when extracting as
	            // root, a local privilege escalation (GHSA-679w-jf3m-wh39).
	            return ((_attr || 0) >> 16) & 0o777;
	        },

	        get offset() {
	            return _offset;
	        },
	        set offset(val) {
	            _offset = uint32(val);
	        },

	        get encrypted() {
	            return (_flags & Constants.FLG_ENC) === Constants.FLG_ENC;
	        },

	        get centralHeaderSize() {
	            return Constants.CENHDR + _fnameLen + _extraLen + _comLen;
	        },

	        get realDataOffset() {
	            return _offset + Constants.LOCHDR + _localHeader.fnameLen + _localHeader.extraLen;
	        },

	        get localHeader() {
	            return _localHeader;
	        },

	        loadLocalHeaderFromBinary: function (/*Buffer*/ input) {
	            // The LOC offset comes from the central directory and is attacker
	            // controlled. Reject one that would read past the end of the buffer,
	            // otherwise readUInt32LE below throws a raw RangeError instead of a
	            // clean INVALID_LOC (and escapes the async error path).
	            if (_offset < 0 || _offset + Constants.LOCHDR > input.length) {
	                throw Utils.Errors.INVALID_LOC();
	            }
	            var data = input.slice(_offset, _offset + Constants.LOCHDR);
	            // 30 bytes and should start with "PK\003\004"
	            if (data.readUInt32LE(0) !== Constants.LOCSIG) {
	                throw Utils.Errors.INVALID_LOC();
	            }

	            // version needed to extract
	            _localHeader.version = data.readUInt16LE(Constants.LOCVER);
	            // general purpose bit flag
	            _localHeader.flags = data.readUInt16LE(Constants.LOCFLG);
	            // desc flag
	            _localHeader.flags_desc = (_localHeader.flags & Constants.FLG_DESC) > 0;
	            // compression method
	            _localHeader.method = data.readUInt16LE(Constants.LOCHOW);
	            // modification time (2 bytes time, 2 bytes date)
	            _localHeader.time = data.readUInt32LE(Constants.LOCTIM);
	            // uncompressed file crc-32 valu
	            _localHeader.crc = data.readUInt32LE(Constants.LOCCRC);
	            // compressed size
	            _localHeader.compressedSize = data.readUInt32LE(Constants.LOCSIZ);
	            // uncompressed size
	            _localHeader.size = data.readUInt32LE(Constants.LOCLEN);
	            // filename length
	            _localHeader.fnameLen = data.readUInt16LE(Constants.LOCNAM);
	            // extra field length
	            _localHeader.extraLen = data.readUInt16LE(Constants.LOCEXT);

	            // read extra data
	            const extraStart = _offset + Constants.LOCHDR + _localHeader.fnameLen;
	            const extraEnd = extraStart + _localHeader.extraLen;
	            return input.slice(extraStart, extraEnd);
	        },

	        loadFromBinary: function (/*Buffer*/ data) {
	            // data should be 46 bytes and start with "PK 01 02"
	            if (data.length !== Constants.CENHDR || data.readUInt32LE(0) !== Constants.CENSIG) {
	                throw Utils.Errors.INVALID_CEN();
	            }
	            // version made by
	            _verMade = data.readUInt16LE(Constants.CENVEM);
	            // version needed to extract
	            _version = data.readUInt16LE(Constants.CENVER);
	            // encrypt, decrypt flags
	            _flags = data.readUInt16LE(Constants.CENFLG);
	            // compression method
	            _method = data.readUInt16LE(Constants.CENHOW);
	            // modification time (2 bytes time, 2 bytes date)
	            _time = data.readUInt32LE(Constants.CENTIM);
	            // uncompressed file crc-32 value
	            _crc = data.readUInt32LE(Constants.CENCRC);
	            // compressed size
	            _compressedSize = data.readUInt32LE(Constants.CENSIZ);
	            // uncompressed size
	            _size = data.readUInt32LE(Constants.CENLEN);
	            // filename length
	            _fnameLen = data.readUInt16LE(Constants.CENNAM);
	            // extra field length
	            _extraLen = data.readUInt16LE(Constants.CENEXT);
	            // file comment length
	            _comLen = data.readUInt16LE(Constants.CENCOM);
	            // volume number start
	            _diskStart = data.readUInt16LE(Constants.CENDSK);
	            // internal file attributes
	            _inattr = data.readUInt16LE(Constants.CENATT);
	            // external file attributes
	            _attr = data.readUInt32LE(Constants.CENATX);
	            // LOC header offset
	            _offset = data.readUInt32LE(Constants.CENOFF);
	        },

	        localHeaderToBinary: function () {
	            // LOC header size (30 bytes)
	            var data = Buffer.alloc(Constants.LOCHDR);
	            // "PK\003\004"
	            data.writeUInt32LE(Constants.LOCSIG, 0);
	            // version needed to extract
	            data.writeUInt16LE(_version, Constants.LOCVER);
	            // general purpose bit flag
	            // clear bit 3 (data descriptor): we always write the real crc-32
	            // and sizes into this local header, so no trailing descriptor is
	            // emitted. Leaving the flag set would make the output unreadable
	            // (see issue #555).
	            data.writeUInt16LE(_flags & ~Constants.FLG_DESC, Constants.LOCFLG);
	            // compression method
	            data.writeUInt16LE(_method, Constants.LOCHOW);
	            // modification time (2 bytes time, 2 bytes date)
	            data.writeUInt32LE(_time, Constants.LOCTIM);
	            // uncompressed file crc-32 value
	            data.writeUInt32LE(_crc, Constants.LOCCRC);
	            // compressed size
	            data.writeUInt32LE(_compressedSize, Constants.LOCSIZ);
	            // uncompressed size
	            data.writeUInt32LE(_size, Constants.LOCLEN);
	            // filename length
	            data.writeUInt16LE(_fnameLen, Constants.LOCNAM);
	            // extra field length
	            data.writeUInt16LE(_localHeader.extraLen, Constants.LOCEXT);
	            return data;
	        },

	        centralHeaderToBinary: function () {
	            // CEN header size (46 bytes)
	            var data = Buffer.alloc(Constants.CENHDR + _fnameLen + _extraLen + _comLen);
	            // "PK\001\002"
	            data.writeUInt32LE(Constants.CENSIG, 0);
	            // version made by
	            data.writeUInt16LE(_verMade, Constants.CENVEM);
	            // version needed to extract
	            data.writeUInt16LE(_version, Constants.CENVER);
	            // encrypt, decrypt flags
	            // clear bit 3 (data descriptor) to match the local header we emit
	            // (real crc/sizes are written, no descriptor follows the data) — issue #555
	            data.writeUInt16LE(_flags & ~Constants.FLG_DESC, Constants.CENFLG);
	            // compression method
	            data.writeUInt16LE(_method, Constants.CENHOW);
	            // modification time (2 bytes time, 2 bytes date)
	            data.writeUInt32LE(_time, Constants.CENTIM);
	            // uncompressed file crc-32 value
	            data.writeUInt32LE(_crc, Constants.CENCRC);
	            // compressed size
	            data.writeUInt32LE(_compressedSize, Constants.CENSIZ);
	            // uncompressed size
	            data.writeUInt32LE(_size, Constants.CENLEN);
	            // filename length
	            data.writeUInt16LE(_fnameLen, Constants.CENNAM);
	            // extra field length
	            data.writeUInt16LE(_extraLen, Constants.CENEXT);
	            // file comment length
	            data.writeUInt16LE(_comLen, Constants.CENCOM);
	            // volume number start
	            data.writeUInt16LE(_diskStart, Constants.CENDSK);
	            // internal file attributes
	            data.writeUInt16LE(_inattr, Constants.CENATT);
	            // external file attributes
	            data.writeUInt32LE(_attr, Constants.CENATX);
	            // LOC header offset
	            data.writeUInt32LE(_offset, Constants.CENOFF);
	            return data;
	        },

	        toJSON: function () {
	            const bytes = function (nr) {
	                return nr + " bytes";
	            };

	            return {
	                made: _verMade,
	                version: _version,
	                flags: _flags,
	                method: Utils.methodToString(_method),
	                time: this.time,
	                crc: "0x" + _crc.toString(16).toUpperCase(),
	                compressedSize: bytes(_compressedSize),
	                size: bytes(_size),
	                fileNameLength: bytes(_fnameLen),
	                extraLength: bytes(_extraLen),
	                commentLength: bytes(_comLen),
	                diskNumStart: _diskStart,
	                inAttr: _inattr,
	                attr: _attr,
	                offset: _offset,
	                centralHeaderSize: bytes(Constants.CENHDR + _fnameLen + _extraLen + _comLen)
	            };
	        },

	        toString: function () {
	            return JSON.stringify(this.toJSON(), null, "\t");
	        }
	    };
	};
	return entryHeader;
}

var mainHeader;
var hasRequiredMainHeader;

function requireMainHeader () {
	if (hasRequiredMainHeader) return mainHeader;
	hasRequiredMainHeader = 1;
	var Utils = requireUtil(),
	    Constants = Utils.Constants;

	/* The entries in the end of central directory */
	mainHeader = function () {
	    var _volumeEntries = 0,
	        _totalEntries = 0,
	        _size = 0,
	        _offset = 0,
	        _commentLength = 0;

	    const needsZip64 = () => _volumeEntries > Constants.EF_ZIP64_OR_16 || _totalEntries > Constants.EF_ZIP64_OR_16 || _size > Constants.EF_ZIP64_OR_32 || _offset > Constants.EF_ZIP64_OR_32;

	    return {
	        get diskEntries() {
	            return _volumeEntries;
	        },
	        set diskEntries(/*Number*/ val) {
	            _volumeEntries = _totalEntries = val;
	        },

	        get totalEntries() {
	            return _totalEntries;
	        },
	        set totalEntries(/*Number*/ val) {
	            _totalEntries = _volumeEntries = val;
	        },

	        get size() {
	            return _size;
	        },
	        set size(/*Number*/ val) {
	            _size = val;
	        },

	        get offset() {
	            return _offset;
	        },
	        set offset(/*Number*/ val) {
	            _offset = val;
	        },

	        get commentLength() {
	            return _commentLength;
	        },
	        set commentLength(/*Number*/ val) {
	            _commentLength = val;
	        },

	        get mainHeaderSize() {
	            return (needsZip64() ? Constants.ZIP64HDR + Constants.END64HDR : 0) + Constants.ENDHDR + _commentLength;
	        },

	        loadFromBinary: function (/*Buffer*/ data) {
	            // data should be 22 bytes and start with "PK 05 06"
	            // or be 56+ bytes and start with "PK 06 06" for Zip64
	            if (
	                (data.length !== Constants.ENDHDR || data.readUInt32LE(0) !== Constants.ENDSIG) &&
	                (data.length < Constants.ZIP64HDR || data.readUInt32LE(0) !== Constants.ZIP64SIG)
	            ) {
	                throw Utils.Errors.INVALID_END();
	            }

	            if (data.readUInt32LE(0) === Constants.ENDSIG) {
	                // number of entries on this volume
	                _volumeEntries = data.readUInt16LE(Constants.ENDSUB);
	                // total number of entries
	                _totalEntries = data.readUInt16LE(Constants.ENDTOT);
	                // central directory size in bytes
	                _size = data.readUInt32LE(Constants.ENDSIZ);
	                // offset of first CEN header
	                _offset = data.readUInt32LE(Constants.ENDOFF);
	                // zip file comment length
	                _commentLength = data.readUInt16LE(Constants.ENDCOM);
	            } else {
	                // number of entries on this volume
	                _volumeEntries = Utils.readBigUInt64LE(data, Constants.ZIP64SUB);
	                // total number of entries
	                _totalEntries = Utils.readBigUInt64LE(data, Constants.ZIP64TOT);
	                // central directory size in bytes
	                _size = Utils.readBigUInt64LE(data, Constants.ZIP64SIZB);
	                // offset of first CEN header
	                _offset = Utils.readBigUInt64LE(data, Constants.ZIP64OFF);

	                _commentLength = 0;
	            }
	        },

	        toBinary: function () {
	            if (!needsZip64()) {
	                var b = Buffer.alloc(Constants.ENDHDR + _commentLength);
	                // "PK 05 06" signature
	                b.writeUInt32LE(Constants.ENDSIG, 0);
	                b.writeUInt32LE(0, 4);
	                // number of entries on this volume
	                b.writeUInt16LE(_volumeEntries, Constants.ENDSUB);
	                // total number of entries
	                b.writeUInt16LE(_totalEntries, Constants.ENDTOT);
	                // central directory size in bytes
	                b.writeUInt32LE(_size, Constants.ENDSIZ);
	                // offset of first CEN header
	                b.writeUInt32LE(_offset, Constants.ENDOFF);
	                // zip file comment length
	                b.writeUInt16LE(_commentLength, Constants.ENDCOM);
	                // fill comment memory with spaces so no garbage is left there
	                b.fill(" ", Constants.ENDHDR);

	                return b;
	            }

	            var b = Buffer.alloc(this.mainHeaderSize);
	            let offset = 0;

	            // Zip64 end of central directory record.
	            b.writeUInt32LE(Constants.ZIP64SIG, offset);
	            Utils.writeBigUInt64LE(b, Constants.ZIP64HDR - Constants.ZIP64LEAD, offset + Constants.ZIP64SIZE);
	            b.writeUInt16LE(45, offset + Constants.ZIP64VEM);
	            b.writeUInt16LE(45, offset + Constants.ZIP64VER);
	            b.writeUInt32LE(0, offset + Constants.ZIP64DSK);
	            b.writeUInt32LE(0, offset + Constants.ZIP64DSKDIR);
	            Utils.writeBigUInt64LE(b, _volumeEntries, offset + Constants.ZIP64SUB);
	            Utils.writeBigUInt64LE(b, _totalEntries, offset + Constants.ZIP64TOT);
	            Utils.writeBigUInt64LE(b, _size, offset + Constants.ZIP64SIZB);
	            Utils.writeBigUInt64LE(b, _offset, offset + Constants.ZIP64OFF);

	            const zip64EndOffset = _offset + _size;
	            offset += Constants.ZIP64HDR;

	            // Zip64 end of central directory locator.
	            b.writeUInt32LE(Constants.END64SIG, offset);
	            b.writeUInt32LE(0, offset + Constants.END64START);
	            Utils.writeBigUInt64LE(b, zip64EndOffset, offset + Constants.END64OFF);
	            b.writeUInt32LE(1, offset + Constants.END64NUMDISKS);
	            offset += Constants.END64HDR;

	            // "PK 05 06" signature
	            b.writeUInt32LE(Constants.ENDSIG, offset);
	            b.writeUInt32LE(0, offset + 4);
	            // number of entries on this volume
	            b.writeUInt16LE(Math.min(_volumeEntries, Constants.EF_ZIP64_OR_16), offset + Constants.ENDSUB);
	            // total number of entries
	            b.writeUInt16LE(Math.min(_totalEntries, Constants.EF_ZIP64_OR_16), offset + Constants.ENDTOT);
	            // central directory size in bytes
	            b.writeUInt32LE(Math.min(_size, Constants.EF_ZIP64_OR_32), offset + Constants.ENDSIZ);
	            // offset of first CEN header
	            b.writeUInt32LE(Math.min(_offset, Constants.EF_ZIP64_OR_32), offset + Constants.ENDOFF);
	            // zip file comment length
	            b.writeUInt16LE(_commentLength, offset + Constants.ENDCOM);
	            // fill comment memory with spaces so no garbage is left there
	            b.fill(" ", offset + Constants.ENDHDR);

	            return b;
	        },

	        toJSON: function () {
	            // creates 0x0000 style output
	            const offset = function (nr, len) {
	                let offs = nr.toString(16).toUpperCase();
	                while (offs.length < len) offs = "0" + offs;
	                return "0x" + offs;
	            };

	            return {
	                diskEntries: _volumeEntries,
	                totalEntries: _totalEntries,
	                size: _size + " bytes",
	                offset: offset(_offset, 4),
	                commentLength: _commentLength
	            };
	        },

	        toString: function () {
	            return JSON.stringify(this.toJSON(), null, "\t");
	        }
	    };
	};
	// Misspelled
	return mainHeader;
}

var hasRequiredHeaders;

function requireHeaders () {
	if (hasRequiredHeaders) return headers;
	hasRequiredHeaders = 1;
	headers.EntryHeader = requireEntryHeader();
	headers.MainHeader = requireMainHeader();
	return headers;
}

var methods = {};

var deflater;
var hasRequiredDeflater;

function requireDeflater () {
	if (hasRequiredDeflater) return deflater;
	hasRequiredDeflater = 1;
	deflater = function (/*Buffer*/ inbuf) {
	    var zlib = require$$0;

	    var opts = { chunkSize: (parseInt(inbuf.length / 1024) + 1) * 1024 };

	    return {
	        deflate: function () {
	            return zlib.deflateRawSync(inbuf, opts);
	        },

	        deflateAsync: function (/*Function*/ callback) {
	            var tmp = zlib.createDeflateRaw(opts),
	                parts = [],
	                total = 0;
	            tmp.on("data", function (data) {
	                parts.push(data);
	                total += data.length;
	            });
	            tmp.on("end", function () {
	                var buf = Buffer.alloc(total),
	                    written = 0;
	                buf.fill(0);
	                for (var i = 0; i < parts.length; i++) {
	                    var part = parts[i];
	                    part.copy(buf, written);
	                    written += part.length;
	                }
	                callback && callback(buf);
	            });
	            tmp.end(inbuf);
	        }
	    };
	};
	return deflater;
}

var inflater;
var hasRequiredInflater;

function requireInflater () {
	if (hasRequiredInflater) return inflater;
	hasRequiredInflater = 1;
	const version = +(process?.versions?.node ?? "").split(".")[0] || 0;
	const Errors = requireErrors();

	inflater = function (/*Buffer*/ inbuf, /*number*/ expectedLength) {
	    var zlib = require$$0;
	    // Cap decompression output at the entry's declared uncompressed size to bound
	    // decompression bombs (CVE-2026-39244). A declared size of 0 must not disable
	    // the cap: a genuinely empty entry inflates to 0 bytes, so a 1-byte floor
	    // still lets it through while stopping a bomb that lies about its size
	    // (GHSA-rcw4-f5rp-g42v). zlib requires maxOutputLength >= 1.
	    const maxOutputLength = expectedLength > 0 ? expectedLength : 1;
	    const option = version >= 15 ? { maxOutputLength } : {};

	    return {
	        inflate: function () {
	            return zlib.inflateRawSync(inbuf, option);
	        },

	        inflateAsync: function (/*Function*/ callback) {
	            var tmp = zlib.createInflateRaw(option),
	                parts = [],
	                total = 0,
	                done = false;
	            const fail = function (err) {
	                if (done) return;
	                done = true;
	                tmp.destroy();
	                callback && callback(Buffer.alloc(0), err);
	            };
	            // Route stream errors (e.g. Z_DATA_ERROR on malformed input) through the
	            // callback. Without an "error" listener zlib re-throws the event as an
	            // uncaught exception on a later tick, crashing the host process instead
	            // of failing the call (GHSA-8238-w5pm-2374).
	            tmp.on("error", function (err) {
	                fail(err);
	            });
	            tmp.on("data", function (data) {
	                if (done) return;
	                total += data.length;
	                // The streaming API ignores maxOutputLength, so enforce the cap by
	                // hand; otherwise the async path decompresses without limit while the
	                // sync path is capped (GHSA-v429-h5qx-84wm, GHSA-c6fg-446q-cg94).
	                if (total > maxOutputLength) {
	                    return fail(Errors.MAX_OUTPUT_EXCEEDED());
	                }
	                parts.push(data);
	            });
	            tmp.on("end", function () {
	                if (done) return;
	                done = true;
	                var buf = Buffer.alloc(total),
	                    written = 0;
	                buf.fill(0);
	                for (var i = 0; i < parts.length; i++) {
	                    var part = parts[i];
	                    part.copy(buf, written);
	                    written += part.length;
	                }
	                callback && callback(buf);
	            });
	            tmp.end(inbuf);
	        }
	    };
	};
	return inflater;
}

var zipcrypto;
var hasRequiredZipcrypto;

function requireZipcrypto () {
	if (hasRequiredZipcrypto) return zipcrypto;
	hasRequiredZipcrypto = 1;

	// node crypt, we use it for generate salt
	// eslint-disable-next-line node/no-unsupported-features/node-builtins
	const { randomFillSync } = crypto__default;
	const Errors = requireErrors();

	// generate CRC32 lookup table
	const crctable = new Uint32Array(256).map((t, crc) => {
	    for (let j = 0; j < 8; j++) {
	        if (0 !== (crc & 1)) {
	            crc = (crc >>> 1) ^ 0xedb88320;
	        } else {
	            crc >>>= 1;
	        }
	    }
	    return crc >>> 0;
	});

	// C-style uInt32 Multiply (discards higher bits, when JS multiply discards lower bits)
	const uMul = (a, b) => Math.imul(a, b) >>> 0;

	// crc32 byte single update (actually same function is part of utils.crc32 function :) )
	const crc32update = (pCrc32, bval) => {
	    return crctable[(pCrc32 ^ bval) & 0xff] ^ (pCrc32 >>> 8);
	};

	// function for generating salt for encrytion header
	const genSalt = () => {
	    if ("function" === typeof randomFillSync) {
	        return randomFillSync(Buffer.alloc(12));
	    } else {
	        // fallback if function is not defined
	        return genSalt.node();
	    }
	};

	// salt generation with node random function (mainly as fallback)
	genSalt.node = () => {
	    const salt = Buffer.alloc(12);
	    const len = salt.length;
	    for (let i = 0; i < len; i++) salt[i] = (Math.random() * 256) & 0xff;
	    return salt;
	};

	// general config
	const config = {
	    genSalt
	};

	// Class Initkeys handles same basic ops with keys
	function Initkeys(pw) {
	    const pass = Buffer.isBuffer(pw) ? pw : Buffer.from(pw);
	    this.keys = new Uint32Array([0x12345678, 0x23456789, 0x34567890]);
	    for (let i = 0; i < pass.length; i++) {
	        this.updateKeys(pass[i]);
	    }
	}

	Initkeys.prototype.updateKeys = function (byteValue) {
	    const keys = this.keys;
	    keys[0] = crc32update(keys[0], byteValue);
	    keys[1] += keys[0] & 0xff;
	    keys[1] = uMul(keys[1], 134775813) + 1;
	    keys[2] = crc32update(keys[2], keys[1] >>> 24);
	    return byteValue;
	};

	Initkeys.prototype.next = function () {
	    const k = (this.keys[2] | 2) >>> 0; // key
	    return (uMul(k, k ^ 1) >> 8) & 0xff; // decode
	};

	function make_decrypter(/*Buffer*/ pwd) {
	    // 1. Stage initialize key
	    const keys = new Initkeys(pwd);

	    // return decrypter function
	    return function (/*Buffer*/ data) {
	        // result - we create new Buffer for results
	        const result = Buffer.alloc(data.length);
	        let pos = 0;
	        // process input data
	        for (let c of data) {
	            //c ^= keys.next();
	            //result[pos++] = c; // decode & Save Value
	            result[pos++] = keys.updateKeys(c ^ keys.next()); // update keys with decoded byte
	        }
	        return result;
	    };
	}

	function make_encrypter(/*Buffer*/ pwd) {
	    // 1. Stage initialize key
	    const keys = new Initkeys(pwd);

	    // return encrypting function, result and pos is here so we dont have to merge buffers later
	    return function (/*Buffer*/ data, /*Buffer*/ result, /* Number */ pos = 0) {
	        // result - we create new Buffer for results
	        if (!result) result = Buffer.alloc(data.length);
	        // process input data
	        for (let c of data) {
	            const k = keys.next(); // save key byte
	            result[pos++] = c ^ k; // save val
	            keys.updateKeys(c); // update keys with decoded byte
	        }
	        return result;
	    };
	}

	function decrypt(/*Buffer*/ data, /*Object*/ header, /*String, Buffer*/ pwd) {
	    if (!data || !Buffer.isBuffer(data) || data.length < 12) {
	        return Buffer.alloc(0);
	    }

	    // 1. We Initialize and generate decrypting function
	    const decrypter = make_decrypter(pwd);

	    // 2. decrypt salt what is always 12 bytes and is a part of file content
	    const salt = decrypter(data.slice(0, 12));

	    // if bit 3 (0x08) of the general-purpose flags field is set, check salt[11] with the high byte of the header time
	    // 2 byte data block (as per Info-Zip spec), otherwise check with the high byte of the header entry
	    const verifyByte = (header.flags & 0x8) === 0x8 ? header.timeHighByte : header.crc >>> 24;

	    //3. does password meet expectations
	    if (salt[11] !== verifyByte) {
	        throw Errors.WRONG_PASSWORD();
	    }

	    // 4. decode content
	    return decrypter(data.slice(12));
	}

	// lets add way to populate salt, NOT RECOMMENDED for production but maybe useful for testing general functionality
	function _salter(data) {
	    if (Buffer.isBuffer(data) && data.length >= 12) {
	        // be aware - currently salting buffer data is modified
	        config.genSalt = function () {
	            return data.slice(0, 12);
	        };
	    } else if (data === "node") {
	        // test salt generation with node random function
	        config.genSalt = genSalt.node;
	    } else {
	        // if value is not acceptable config gets reset.
	        config.genSalt = genSalt;
	    }
	}

	function encrypt(/*Buffer*/ data, /*Object*/ header, /*String, Buffer*/ pwd, /*Boolean*/ oldlike = false) {
	    // 1. test data if data is not Buffer we make buffer from it
	    if (data == null) data = Buffer.alloc(0);
	    // if data is not buffer be make buffer from it
	    if (!Buffer.isBuffer(data)) data = Buffer.from(data.toString());

	    // 2. We Initialize and generate encrypting function
	    const encrypter = make_encrypter(pwd);

	    // 3. generate salt (12-bytes of random data)
	    const salt = config.genSalt();
	    salt[11] = (header.crc >>> 24) & 0xff;

	    // old implementations (before PKZip 2.04g) used two byte check
	    if (oldlike) salt[10] = (header.crc >>> 16) & 0xff;

	    // 4. create output
	    const result = Buffer.alloc(data.length + 12);
	    encrypter(salt, result);

	    // finally encode content
	    return encrypter(data, result, 12);
	}

	zipcrypto = { decrypt, encrypt, _salter };
	return zipcrypto;
}

var hasRequiredMethods;

function requireMethods () {
	if (hasRequiredMethods) return methods;
	hasRequiredMethods = 1;
	methods.Deflater = requireDeflater();
	methods.Inflater = requireInflater();
	methods.ZipCrypto = requireZipcrypto();
	return methods;
}

var zipEntry;
var hasRequiredZipEntry;

function requireZipEntry () {
	if (hasRequiredZipEntry) return zipEntry;
	hasRequiredZipEntry = 1;
	var Utils = requireUtil(),
	    Headers = requireHeaders(),
	    Constants = Utils.Constants,
	    Methods = requireMethods();

	zipEntry = function (/** object */ options, /*Buffer*/ input) {
	    var _centralHeader = new Headers.EntryHeader(),
	        _entryName = Buffer.alloc(0),
	        _comment = Buffer.alloc(0),
	        _isDirectory = false,
	        uncompressedData = null,
	        _extra = Buffer.alloc(0),
	        _extralocal = Buffer.alloc(0),
	        _efs = true;

	    // assign options
	    const opts = options;

	    const decoder = typeof opts.decoder === "object" ? opts.decoder : Utils.decoder;
	    _efs = decoder.hasOwnProperty("efs") ? decoder.efs : false;

	    function getCompressedDataFromZip() {
	        //if (!input || !Buffer.isBuffer(input)) {
	        if (!input || !(input instanceof Uint8Array)) {
	            return Buffer.alloc(0);
	        }
	        _extralocal = _centralHeader.loadLocalHeaderFromBinary(input);
	        const dataOffset = _centralHeader.realDataOffset;
	        const dataEnd = dataOffset + _centralHeader.compressedSize;
	        // The offsets and sizes come from attacker-controlled headers. Require the
	        // declared compressed extent to be fully present rather than letting slice()
	        // silently clamp to a short buffer (which only surfaces later as a CRC
	        // failure). Fail loudly with a header error instead (GHSA-wwrv-q5gf-5843).
	        if (dataOffset < 0 || dataEnd < dataOffset || dataEnd > input.length) {
	            throw Utils.Errors.INVALID_LOC();
	        }
	        return input.slice(dataOffset, dataEnd);
	    }

	    function crc32OK(data) {
	        // When bit 3 (0x08) of the general-purpose flags is set, the crc-32 and
	        // sizes were unknown when the local file header was written, so that
	        // header carries placeholder zeros and the real values are repeated in a
	        // data descriptor after the compressed data. adm-zip always parses the
	        // central directory, whose header holds the authoritative crc-32 and
	        // sizes, so we validate the payload against that value.
	        //
	        // Earlier versions instead located and parsed the trailing descriptor and
	        // threw when it was absent or in an unexpected shape. Many valid archives
	        // set the descriptor flag but write the real crc/sizes into the local and
	        // central headers without emitting a descriptor (or write one we did not
	        // recognise), so that strict handling rejected readable zips
	        // (issues #533, #548, #554). Trusting the central-directory crc keeps the
	        // integrity check while accepting those archives.
	        const expectedCrc = _centralHeader.flags_desc || _centralHeader.localHeader.flags_desc ? _centralHeader.crc : _centralHeader.localHeader.crc;

	        return Utils.crc32(data) === expectedCrc;
	    }

	    function decompress(/*Boolean*/ async, /*Function*/ callback, /*String, Buffer*/ pass) {
	        if (typeof callback === "undefined" && typeof async === "string") {
	            pass = async;
	            async = void 0;
	        }
	        if (_isDirectory) {
	            if (async && callback) {
	                callback(Buffer.alloc(0), Utils.Errors.DIRECTORY_CONTENT_ERROR()); //si added error.
	            }
	            return Buffer.alloc(0);
	        }

	        var compressedData;
	        try {
	            compressedData = getCompressedDataFromZip();

	            if (compressedData.length === 0) {
	                // File is empty, nothing to decompress.
	                if (async && callback) callback(compressedData);
	                return compressedData;
	            }

	            if (_centralHeader.encrypted) {
	                if ("string" !== typeof pass && !Buffer.isBuffer(pass)) {
	                    throw Utils.Errors.INVALID_PASS_PARAM();
	                }
	                compressedData = Methods.ZipCrypto.decrypt(compressedData, _centralHeader, pass);
	            }
	        } catch (err) {
	            // These synchronous parse/setup steps run before any callback fires.
	            // In async mode a malformed local header (e.g. a bad LOC offset) would
	            // otherwise throw out of getDataAsync and bypass the callback error
	            // channel, crashing the caller. Route it through the callback instead.
	            if (async && callback) {
	                callback(Buffer.alloc(0), err);
	                return Buffer.alloc(0);
	            }
	            throw err;
	        }

	        var data;

	        switch (_centralHeader.method) {
	            case Utils.Constants.STORED:
	                // STORED entries are not compressed, so the uncompressed output is
	                // exactly the bytes present in the archive. Allocate from the real
	                // data length rather than the attacker-declared central-directory
	                // size, otherwise a tiny archive can declare a huge size and force a
	                // multi-gigabyte allocation before any validation (CVE-2026-39244).
	                data = Buffer.alloc(compressedData.length);
	                compressedData.copy(data);
	                if (!crc32OK(data)) {
	                    if (async && callback) callback(data, Utils.Errors.BAD_CRC()); //si added error
	                    throw Utils.Errors.BAD_CRC();
	                } else {
	                    //si added otherwise did not seem to return data.
	                    if (async && callback) callback(data);
	                    return data;
	                }
	            case Utils.Constants.DEFLATED:
	                // Do not pre-allocate the declared uncompressed size. The inflater
	                // grows its output buffer as zlib emits data and caps the total at
	                // the declared size (maxOutputLength), so a bogus size can no longer
	                // trigger an eager allocation before the data is read (CVE-2026-39244).
	                var inflater = new Methods.Inflater(compressedData, _centralHeader.size);
	                if (!async) {
	                    data = inflater.inflate();
	                    if (!crc32OK(data)) {
	                        throw Utils.Errors.BAD_CRC(`"${decoder.decode(_entryName)}"`);
	                    }
	                    return data;
	                } else {
	                    inflater.inflateAsync(function (result, err) {
	                        if (!callback) return;
	                        if (err) {
	                            // surface inflater/stream failures instead of validating
	                            // the empty placeholder buffer against the CRC
	                            callback(Buffer.alloc(0), err);
	                        } else if (!crc32OK(result)) {
	                            callback(result, Utils.Errors.BAD_CRC()); //si added error
	                        } else {
	                            callback(result);
	                        }
	                    });
	                }
	                break;
	            default:
	                if (async && callback) callback(Buffer.alloc(0), Utils.Errors.UNKNOWN_METHOD());
	                throw Utils.Errors.UNKNOWN_METHOD();
	        }
	    }

	    function compress(/*Boolean*/ async, /*Function*/ callback) {
	        if ((!uncompressedData || !uncompressedData.length) && Buffer.isBuffer(input)) {
	            // no data set or the data wasn't changed to require recompression
	            if (async && callback) callback(getCompressedDataFromZip());
	            return getCompressedDataFromZip();
	        }

	        if (uncompressedData.length && !_isDirectory) {
	            var compressedData;
	            // Local file header
	            switch (_centralHeader.method) {
	                case Utils.Constants.STORED:
	                    _centralHeader.compressedSize = _centralHeader.size;

	                    compressedData = Buffer.alloc(uncompressedData.length);
	                    uncompressedData.copy(compressedData);

	                    if (async && callback) callback(compressedData);
	                    return compressedData;
	                default:
	                case Utils.Constants.DEFLATED:
	                    var deflater = new Methods.Deflater(uncompressedData);
	                    if (!async) {
	                        var deflated = deflater.deflate();
	                        _centralHeader.compressedSize = deflated.length;
	                        return deflated;
	                    } else {
	                        deflater.deflateAsync(function (data) {
	                            compressedData = Buffer.alloc(data.length);
	                            _centralHeader.compressedSize = data.length;
	                            data.copy(compressedData);
	                            callback && callback(compressedData);
	                        });
	                    }
	                    deflater = null;
	                    break;
	            }
	        } else if (async && callback) {
	            callback(Buffer.alloc(0));
	        } else {
	            return Buffer.alloc(0);
	        }
	    }

	    function readUInt64LE(buffer, offset) {
	        return Utils.readBigUInt64LE(buffer, offset);
	    }

	    function parseExtra(data) {
	        try {
	            var offset = 0;
	            var signature, size, part;
	            while (offset + 4 < data.length) {
	                signature = data.readUInt16LE(offset);
	                offset += 2;
	                size = data.readUInt16LE(offset);
	                offset += 2;
	                part = data.slice(offset, offset + size);
	                offset += size;
	                if (Constants.ID_ZIP64 === signature) {
	                    parseZip64ExtendedInformation(part);
	                }
	            }
	        } catch (error) {
	            throw Utils.Errors.EXTRA_FIELD_PARSE_ERROR();
	        }
	    }

	    //Override header field values with values from the ZIP64 extra field
	    function parseZip64ExtendedInformation(data) {
	        var size, compressedSize, offset, diskNumStart;

	        if (data.length >= Constants.EF_ZIP64_SCOMP) {
	            size = readUInt64LE(data, Constants.EF_ZIP64_SUNCOMP);
	            if (_centralHeader.size === Constants.EF_ZIP64_OR_32) {
	                _centralHeader.size = size;
	            }
	        }
	        if (data.length >= Constants.EF_ZIP64_RHO) {
	            compressedSize = readUInt64LE(data, Constants.EF_ZIP64_SCOMP);
	            if (_centralHeader.compressedSize === Constants.EF_ZIP64_OR_32) {
	                _centralHeader.compressedSize = compressedSize;
	            }
	        }
	        if (data.length >= Constants.EF_ZIP64_DSN) {
	            offset = readUInt64LE(data, Constants.EF_ZIP64_RHO);
	            if (_centralHeader.offset === Constants.EF_ZIP64_OR_32) {
	                _centralHeader.offset = offset;
	            }
	        }
	        if (data.length >= Constants.EF_ZIP64_DSN + 4) {
	            diskNumStart = data.readUInt32LE(Constants.EF_ZIP64_DSN);
	            if (_centralHeader.diskNumStart === Constants.EF_ZIP64_OR_16) {
	                _centralHeader.diskNumStart = diskNumStart;
	            }
	        }
	    }

	    return {
	        get entryName() {
	            return decoder.decode(_entryName);
	        },
	        get rawEntryName() {
	            return _entryName;
	        },
	        set entryName(val) {
	            _entryName = Utils.toBuffer(val, decoder.encode);
	            var lastChar = _entryName[_entryName.length - 1];
	            _isDirectory = lastChar === 47 || lastChar === 92;
	            _centralHeader.fileNameLength = _entryName.length;
	        },

	        get efs() {
	            if (typeof _efs === "function") {
	                return _efs(this.entryName);
	            } else {
	                return _efs;
	            }
	        },

	        get extra() {
	            return _extra;
	        },
	        set extra(val) {
	            _extra = val;
	            _centralHeader.extraLength = val.length;
	            parseExtra(val);
	        },

	        get comment() {
	            return decoder.decode(_comment);
	        },
	        set comment(val) {
	            _comment = Utils.toBuffer(val, decoder.encode);
	            _centralHeader.commentLength = _comment.length;
	            if (_comment.length > 0xffff) throw Utils.Errors.COMMENT_TOO_LONG();
	        },

	        get name() {
	            const n = decoder.decode(_entryName);
	            // For directories the name is the last path segment; drop the trailing
	            // separator first so "a/b/c/" yields "c" and not "" (issue #466).
	            return _isDirectory
	                ? n
	                      .replace(/[/\\]$/, "")
	                      .split("/")
	                      .pop()
	                : n.split("/").pop();
	        },
	        get isDirectory() {
	            return _isDirectory;
	        },

	        getCompressedData: function () {
	            return compress(false, null);
	        },

	        getCompressedDataAsync: function (/*Function*/ callback) {
	            compress(true, callback);
	        },

	        setData: function (value) {
	            uncompressedData = Utils.toBuffer(value, Utils.decoder.encode);
	            if (!_isDirectory && uncompressedData.length) {
	                _centralHeader.size = uncompressedData.length;
	                _centralHeader.method = Utils.Constants.DEFLATED;
	                _centralHeader.crc = Utils.crc32(value);
	                _centralHeader.changed = true;
	            } else {
	                // folders and blank files should be stored
	                _centralHeader.method = Utils.Constants.STORED;
	            }
	        },

	        getData: function (pass) {
	            if (_centralHeader.changed) {
	                return uncompressedData;
	            } else {
	                return decompress(false, null, pass);
	            }
	        },

	        getDataAsync: function (/*Function*/ callback, pass) {
	            if (_centralHeader.changed) {
	                callback(uncompressedData);
	            } else {
	                decompress(true, callback, pass);
	            }
	        },

	        set attr(attr) {
	            _centralHeader.attr = attr;
	        },
	        get attr() {
	            return _centralHeader.attr;
	        },

	        set header(/*Buffer*/ data) {
	            _centralHeader.loadFromBinary(data);
	        },

	        get header() {
	            return _centralHeader;
	        },

	        packCentralHeader: function () {
	            _centralHeader.flags_efs = this.efs;
	            _centralHeader.extraLength = _extra.length;
	            // 1. create header (buffer)
	            var header = _centralHeader.centralHeaderToBinary();
	            var addpos = Utils.Constants.CENHDR;
	            // 2. add file name
	            _entryName.copy(header, addpos);
	            addpos += _entryName.length;
	            // 3. add extra data
	            _extra.copy(header, addpos);
	            addpos += _centralHeader.extraLength;
	            // 4. add file comment
	            _comment.copy(header, addpos);
	            return header;
	        },

	        packLocalHeader: function () {
	            let addpos = 0;
	            _centralHeader.flags_efs = this.efs;
	            _centralHeader.extraLocalLength = _extralocal.length;
	            // 1. construct local header Buffer
	            const localHeaderBuf = _centralHeader.localHeaderToBinary();
	            // 2. localHeader - crate header buffer
	            const localHeader = Buffer.alloc(localHeaderBuf.length + _entryName.length + _centralHeader.extraLocalLength);
	            // 2.1 add localheader
	            localHeaderBuf.copy(localHeader, addpos);
	            addpos += localHeaderBuf.length;
	            // 2.2 add file name
	            _entryName.copy(localHeader, addpos);
	            addpos += _entryName.length;
	            // 2.3 add extra field
	            _extralocal.copy(localHeader, addpos);
	            addpos += _extralocal.length;

	            return localHeader;
	        },

	        toJSON: function () {
	            const bytes = function (nr) {
	                return "<" + ((nr && nr.length + " bytes buffer") || "null") + ">";
	            };

	            return {
	                entryName: this.entryName,
	                name: this.name,
	                comment: this.comment,
	                isDirectory: this.isDirectory,
	                header: _centralHeader.toJSON(),
	                compressedData: bytes(input),
	                data: bytes(uncompressedData)
	            };
	        },

	        toString: function () {
	            return JSON.stringify(this.toJSON(), null, "\t");
	        }
	    };
	};
	return zipEntry;
}

var zipFile;
var hasRequiredZipFile;

function requireZipFile () {
	if (hasRequiredZipFile) return zipFile;
	hasRequiredZipFile = 1;
	const ZipEntry = requireZipEntry();
	const Headers = requireHeaders();
	const Utils = requireUtil();

	zipFile = function (/*Buffer|null*/ inBuffer, /** object */ options) {
	    var entryList = [],
	        // prototype-less: entry names come from untrusted input, so keys like
	        // "__proto__" or "constructor" must be plain data, not touch the prototype
	        // chain (which otherwise crashes addFile and hides such entries)
	        entryTable = Object.create(null),
	        _comment = Buffer.alloc(0),
	        mainHeader = new Headers.MainHeader(),
	        loadedEntries = false;
	    const temporary = new Set();

	    // assign options
	    const opts = options;

	    const { noSort, decoder } = opts;

	    if (inBuffer) {
	        // is a memory buffer
	        readMainHeader(opts.readEntries);
	    } else {
	        // none. is a new file
	        loadedEntries = true;
	    }

	    function makeTemporaryFolders() {
	        const foldersList = new Set();

	        // Make list of all folders in file
	        for (const elem of Object.keys(entryTable)) {
	            const elements = elem.split("/");
	            elements.pop(); // filename
	            if (!elements.length) continue; // no folders
	            for (let i = 0; i < elements.length; i++) {
	                const sub = elements.slice(0, i + 1).join("/") + "/";
	                foldersList.add(sub);
	            }
	        }

	        // create missing folders as temporary
	        for (const elem of foldersList) {
	            if (!(elem in entryTable)) {
	                const tempfolder = new ZipEntry(opts);
	                tempfolder.entryName = elem;
	                tempfolder.attr = 0x10;
	                tempfolder.temporary = true;
	                entryList.push(tempfolder);
	                entryTable[tempfolder.entryName] = tempfolder;
	                temporary.add(tempfolder);
	            }
	        }
	    }

	    function readEntries() {
	        loadedEntries = true;
	        entryTable = Object.create(null);
	        if (mainHeader.diskEntries > (inBuffer.length - mainHeader.offset) / Utils.Constants.CENHDR) {
	            throw Utils.Errors.DISK_ENTRY_TOO_LARGE();
	        }
	        entryList = new Array(mainHeader.diskEntries); // total number of entries
	        var index = mainHeader.offset; // offset of first CEN header
	        for (var i = 0; i < entryList.length; i++) {
	            var tmp = index,
	                entry = new ZipEntry(opts, inBuffer);
	            entry.header = inBuffer.slice(tmp, (tmp += Utils.Constants.CENHDR));

	            entry.entryName = inBuffer.slice(tmp, (tmp += entry.header.fileNameLength));

	            if (entry.header.extraLength) {
	                entry.extra = inBuffer.slice(tmp, (tmp += entry.header.extraLength));
	            }

	            if (entry.header.commentLength) entry.comment = inBuffer.slice(tmp, tmp + entry.header.commentLength);

	            index += entry.header.centralHeaderSize;

	            // Reject archives that declare the same entry name twice. adm-zip keeps
	            // every entry in entryList but only the last in entryTable, so getEntry()
	            // (table) and extractAllTo() (list) could resolve one name to different
	            // content: an app that validates entry bytes via getEntry() before
	            // extracting could approve one file while a different one lands on disk
	            // (GHSA-p634-w6r4-rjp2). Fail closed on the ambiguity.
	            if (entry.entryName in entryTable) {
	                throw Utils.Errors.DUPLICATE_ENTRY(`"${entry.entryName}"`);
	            }

	            entryList[i] = entry;
	            entryTable[entry.entryName] = entry;
	        }
	        temporary.clear();
	        makeTemporaryFolders();
	    }

	    function readMainHeader(/*Boolean*/ readNow) {
	        var i = inBuffer.length - Utils.Constants.ENDHDR, // END header size
	            max = Math.max(0, i - 0xffff), // 0xFFFF is the max zip file comment length
	            n = max,
	            endStart = inBuffer.length,
	            endOffset = -1, // Start offset of the END header
	            commentEnd = 0;

	        // option to search header form entire file
	        const trailingSpace = typeof opts.trailingSpace === "boolean" ? opts.trailingSpace : false;
	        if (trailingSpace) max = 0;

	        for (i; i >= n; i--) {
	            if (inBuffer[i] !== 0x50) continue; // quick check that the byte is 'P'
	            if (inBuffer.readUInt32LE(i) === Utils.Constants.ENDSIG) {
	                // "PK\005\006"
	                endOffset = i;
	                commentEnd = i;
	                endStart = i + Utils.Constants.ENDHDR;
	                // We already found a regular signature, let's look just a bit further to check if there's any zip64 signature
	                n = i - Utils.Constants.END64HDR;
	                continue;
	            }

	            if (inBuffer.readUInt32LE(i) === Utils.Constants.END64SIG) {
	                // Found a zip64 signature, let's continue reading the whole zip64 record
	                n = max;
	                continue;
	            }

	            if (inBuffer.readUInt32LE(i) === Utils.Constants.ZIP64SIG) {
	                // Found the zip64 record, let's determine it's size
	                endOffset = i;
	                endStart = i + Utils.readBigUInt64LE(inBuffer, i + Utils.Constants.ZIP64SIZE) + Utils.Constants.ZIP64LEAD;
	                break;
	            }
	        }

	        if (endOffset == -1) throw Utils.Errors.INVALID_FORMAT();

	        mainHeader.loadFromBinary(inBuffer.slice(endOffset, endStart));
	        if (mainHeader.commentLength) {
	            _comment = inBuffer.slice(commentEnd + Utils.Constants.ENDHDR);
	        }
	        if (readNow) readEntries();
	    }

	    function sortEntries() {
	        if (entryList.length > 1 && !noSort) {
	            // Decode + lowercase each name once rather than on every comparison:
	            // the entryName getter re-decodes the underlying buffer on each access,
	            // so the previous inline comparator did O(n log n) redundant decoding.
	            // Ordering is unchanged (same localeCompare on the same keys).
	            entryList = entryList
	                .map((entry) => ({ entry, key: entry.entryName.toLowerCase() }))
	                .sort((a, b) => a.key.localeCompare(b.key))
	                .map((pair) => pair.entry);
	        }
	    }

	    return {
	        /**
	         * Returns an array of ZipEntry objects existent in the current opened archive
	         * @return Array
	         */
	        get entries() {
	            if (!loadedEntries) {
	                readEntries();
	            }
	            return entryList.filter((e) => !temporary.has(e));
	        },

	        /**
	         * Archive comment
	         * @return {String}
	         */
	        get comment() {
	            return decoder.decode(_comment);
	        },
	        set comment(val) {
	            _comment = Utils.toBuffer(val, decoder.encode);
	            mainHeader.commentLength = _comment.length;
	        },

	        getEntryCount: function () {
	            if (!loadedEntries) {
	                return mainHeader.diskEntries;
	            }

	            return entryList.length;
	        },

	        forEach: function (callback) {
	            this.entries.forEach(callback);
	        },

	        /**
	         * Returns a reference to the entry with the given name or null if entry is inexistent
	         *
	         * @param entryName
	         * @return ZipEntry
	         */
	        getEntry: function (/*String*/ entryName) {
	            if (!loadedEntries) {
	                readEntries();
	            }
	            return entryTable[entryName] || null;
	        },

	        /**
	         * Adds the given entry to the entry list
	         *
	         * @param entry
	         */
	        setEntry: function (/*ZipEntry*/ entry) {
	            if (!loadedEntries) {
	                readEntries();
	            }
	            entryList.push(entry);
	            entryTable[entry.entryName] = entry;
	            mainHeader.totalEntries = entryList.length;
	        },

	        /**
	         * Removes the file with the given name from the entry list.
	         *
	         * If the entry is a directory, then all nested files and directories will be removed
	         * @param entryName
	         * @returns {void}
	         */
	        deleteFile: function (/*String*/ entryName, withsubfolders = true) {
	            if (!loadedEntries) {
	                readEntries();
	            }
	            const entry = entryTable[entryName];
	            const list = this.getEntryChildren(entry, withsubfolders).map((child) => child.entryName);

	            list.forEach(this.deleteEntry);
	        },

	        /**
	         * Removes the entry with the given name from the entry list.
	         *
	         * @param {string} entryName
	         * @returns {void}
	         */
	        deleteEntry: function (/*String*/ entryName) {
	            if (!loadedEntries) {
	                readEntries();
	            }
	            const entry = entryTable[entryName];
	            const index = entryList.indexOf(entry);
	            if (index >= 0) {
	                entryList.splice(index, 1);
	                delete entryTable[entryName];
	                mainHeader.totalEntries = entryList.length;
	            }
	        },

	        /**
	         *  Iterates and returns all nested files and directories of the given entry
	         *
	         * @param entry
	         * @return Array
	         */
	        getEntryChildren: function (/*ZipEntry*/ entry, subfolders = true) {
	            if (!loadedEntries) {
	                readEntries();
	            }
	            if (typeof entry === "object") {
	                if (entry.isDirectory && subfolders) {
	                    const list = [];
	                    const name = entry.entryName;

	                    for (const zipEntry of entryList) {
	                        if (zipEntry.entryName.startsWith(name)) {
	                            list.push(zipEntry);
	                        }
	                    }
	                    return list;
	                } else {
	                    return [entry];
	                }
	            }
	            return [];
	        },

	        /**
	         *  How many child elements entry has
	         *
	         * @param {ZipEntry} entry
	         * @return {integer}
	         */
	        getChildCount: function (entry) {
	            if (entry && entry.isDirectory) {
	                const list = this.getEntryChildren(entry);
	                return list.includes(entry) ? list.length - 1 : list.length;
	            }
	            return 0;
	        },

	        /**
	         * Returns the zip file
	         *
	         * @return Buffer
	         */
	        compressToBuffer: function () {
	            if (!loadedEntries) {
	                readEntries();
	            }
	            sortEntries();

	            const dataBlock = [];
	            const headerBlocks = [];
	            let totalSize = 0;
	            let dindex = 0;

	            mainHeader.size = 0;
	            mainHeader.offset = 0;
	            let totalEntries = 0;

	            for (const entry of this.entries) {
	                // compress data and set local and entry header accordingly. Reason why is called first
	                const compressedData = entry.getCompressedData();
	                entry.header.offset = dindex;

	                // 1. construct local header
	                const localHeader = entry.packLocalHeader();

	                // 2. offsets
	                const dataLength = localHeader.length + compressedData.length;
	                dindex += dataLength;

	                // 3. store values in sequence
	                dataBlock.push(localHeader);
	                dataBlock.push(compressedData);

	                // 4. construct central header
	                const centralHeader = entry.packCentralHeader();
	                headerBlocks.push(centralHeader);
	                // 5. update main header
	                mainHeader.size += centralHeader.length;
	                totalSize += dataLength + centralHeader.length;
	                totalEntries++;
	            }

	            totalSize += mainHeader.mainHeaderSize; // also includes zip file comment length
	            // point to end of data and beginning of central directory first record
	            mainHeader.offset = dindex;
	            mainHeader.totalEntries = totalEntries;

	            dindex = 0;
	            const outBuffer = Buffer.alloc(totalSize);
	            // write data blocks
	            for (const content of dataBlock) {
	                content.copy(outBuffer, dindex);
	                dindex += content.length;
	            }

	            // write central directory entries
	            for (const content of headerBlocks) {
	                content.copy(outBuffer, dindex);
	                dindex += content.length;
	            }

	            // write main header
	            const mh = mainHeader.toBinary();
	            if (_comment) {
	                _comment.copy(mh, mh.length - _comment.length); // add zip file comment
	            }
	            mh.copy(outBuffer, dindex);

	            // Since we update entry and main header offsets,
	            // they are no longer valid and we have to reset content
	            // (Issue 64)

	            inBuffer = outBuffer;
	            loadedEntries = false;

	            return outBuffer;
	        },

	        toAsyncBuffer: function (/*Function*/ onSuccess, /*Function*/ onFail, /*Function*/ onItemStart, /*Function*/ onItemEnd) {
	            try {
	                if (!loadedEntries) {
	                    readEntries();
	                }
	                sortEntries();

	                const dataBlock = [];
	                const centralHeaders = [];
	                let totalSize = 0;
	                let dindex = 0;
	                let totalEntries = 0;

	                mainHeader.size = 0;
	                mainHeader.offset = 0;

	                const compress2Buffer = function (entryLists) {
	                    if (entryLists.length > 0) {
	                        const entry = entryLists.shift();
	                        const name = entry.entryName + entry.extra.toString();
	                        if (onItemStart) onItemStart(name);
	                        entry.getCompressedDataAsync(function (compressedData) {
	                            if (onItemEnd) onItemEnd(name);
	                            entry.header.offset = dindex;

	                            // 1. construct local header
	                            const localHeader = entry.packLocalHeader();

	                            // 2. offsets
	                            const dataLength = localHeader.length + compressedData.length;
	                            dindex += dataLength;

	                            // 3. store values in sequence
	                            dataBlock.push(localHeader);
	                            dataBlock.push(compressedData);

	                            // central header
	                            const centalHeader = entry.packCentralHeader();
	                            centralHeaders.push(centalHeader);
	                            mainHeader.size += centalHeader.length;
	                            totalSize += dataLength + centalHeader.length;
	                            totalEntries++;

	                            compress2Buffer(entryLists);
	                        });
	                    } else {
	                        totalSize += mainHeader.mainHeaderSize; // also includes zip file comment length
	                        // point to end of data and beginning of central directory first record
	                        mainHeader.offset = dindex;
	                        mainHeader.totalEntries = totalEntries;

	                        dindex = 0;
	                        const outBuffer = Buffer.alloc(totalSize);
	                        dataBlock.forEach(function (content) {
	                            content.copy(outBuffer, dindex); // write data blocks
	                            dindex += content.length;
	                        });
	                        centralHeaders.forEach(function (content) {
	                            content.copy(outBuffer, dindex); // write central directory entries
	                            dindex += content.length;
	                        });

	                        const mh = mainHeader.toBinary();
	                        if (_comment) {
	                            _comment.copy(mh, mh.length - _comment.length); // add zip file comment
	                        }

	                        mh.copy(outBuffer, dindex); // write main header

	                        // Since we update entry and main header offsets, they are no
	                        // longer valid and we have to reset content using our new buffer
	                        // (Issue 64)

	                        inBuffer = outBuffer;
	                        loadedEntries = false;

	                        onSuccess(outBuffer);
	                    }
	                };

	                compress2Buffer(Array.from(this.entries));
	            } catch (e) {
	                onFail(e);
	            }
	        }
	    };
	};
	return zipFile;
}

var admZip;
var hasRequiredAdmZip;

function requireAdmZip () {
	if (hasRequiredAdmZip) return admZip;
	hasRequiredAdmZip = 1;
	const Utils = requireUtil();
	const pth = path__default;
	const ZipEntry = requireZipEntry();
	const ZipFile = requireZipFile();

	const get_Bool = (...val) => Utils.findLast(val, (c) => typeof c === "boolean");
	const get_Str = (...val) => Utils.findLast(val, (c) => typeof c === "string");
	const get_Fun = (...val) => Utils.findLast(val, (c) => typeof c === "function");

	const defaultOptions = {
	    // option "noSort" : if true it disables files sorting
	    noSort: false,
	    // read entries during load (initial loading may be slower)
	    readEntries: false,
	    // default method is none
	    method: Utils.Constants.NONE,
	    // file system
	    fs: null
	};

	admZip = function (/**String*/ input, /** object */ options) {
	    let inBuffer = null;

	    // create object based default options, allowing them to be overwritten
	    const opts = Object.assign(Object.create(null), defaultOptions);

	    // test input variable
	    if (input && "object" === typeof input) {
	        // if value is not buffer we accept it to be object with options
	        if (!(input instanceof Uint8Array)) {
	            Object.assign(opts, input);
	            input = opts.input ? opts.input : undefined;
	            if (opts.input) delete opts.input;
	        }

	        // if input is buffer
	        if (Buffer.isBuffer(input)) {
	            inBuffer = input;
	            opts.method = Utils.Constants.BUFFER;
	            input = undefined;
	        }
	    }

	    // assign options
	    Object.assign(opts, options);

	    // instanciate utils filesystem
	    const filetools = new Utils(opts);

	    // Restore the archived permissions on extracted directories. This has to run
	    // after a directory's contents are written: applying a restrictive mode
	    // (e.g. 0o500) up front would stop us writing the files it contains. Applying
	    // the deepest paths first keeps parent directories traversable while their
	    // children are updated (issue #530).
	    const applyDirAttributes = (dirEntries) => {
	        dirEntries
	            .filter((d) => d.attr)
	            .sort((a, b) => b.path.length - a.path.length)
	            .forEach((d) => filetools.fs.chmodSync(d.path, d.attr));
	    };

	    if (typeof opts.decoder !== "object" || typeof opts.decoder.encode !== "function" || typeof opts.decoder.decode !== "function") {
	        opts.decoder = Utils.decoder;
	    }

	    // if input is file name we retrieve its content
	    if (input && "string" === typeof input) {
	        // load zip file
	        if (filetools.fs.existsSync(input)) {
	            opts.method = Utils.Constants.FILE;
	            opts.filename = input;
	            inBuffer = filetools.fs.readFileSync(input);
	        } else {
	            throw Utils.Errors.INVALID_FILENAME();
	        }
	    }

	    // create variable
	    const _zip = new ZipFile(inBuffer, opts);

	    const { canonical, sanitize, zipnamefix } = Utils;

	    function getEntry(/**Object*/ entry) {
	        if (entry && _zip) {
	            var item;
	            // If entry was given as a file name
	            if (typeof entry === "string") item = _zip.getEntry(pth.posix.normalize(entry));
	            // if entry was given as a ZipEntry object
	            if (typeof entry === "object" && typeof entry.entryName !== "undefined" && typeof entry.header !== "undefined") item = _zip.getEntry(entry.entryName);

	            if (item) {
	                return item;
	            }
	        }
	        return null;
	    }

	    function fixPath(zipPath) {
	        const { join, normalize, sep } = pth.posix;
	        // convert windows file separators and normalize
	        return join(pth.isAbsolute(zipPath) ? "/": '.',  normalize(sep + zipPath.split("\\").join(sep) + sep));
	    }

	    function filenameFilter(filterfn) {
	        if (filterfn instanceof RegExp) {
	            // if filter is RegExp wrap it
	            return (function (rx) {
	                return function (filename) {
	                    return rx.test(filename);
	                };
	            })(filterfn);
	        } else if ("function" !== typeof filterfn) {
	            // if filter is not function we will replace it
	            return () => true;
	        }
	        return filterfn;
	    }

	    // keep last character on folders
	    const relativePath = (local, entry) => {
	        let lastChar = entry.slice(-1);
	        lastChar = lastChar === filetools.sep ? filetools.sep : "";
	        return pth.relative(local, entry) + lastChar;
	    };

	    return {
	        /**
	         * Extracts the given entry from the archive and returns the content as a Buffer object
	         * @param {ZipEntry|string} entry ZipEntry object or String with the full path of the entry
	         * @param {Buffer|string} [pass] - password
	         * @return Buffer or Null in case of error
	         */
	        readFile: function (entry, pass) {
	            var item = getEntry(entry);
	            return (item && item.getData(pass)) || null;
	        },

	        /**
	         * Returns how many child elements has on entry (directories) on files it is always 0
	         * @param {ZipEntry|string} entry ZipEntry object or String with the full path of the entry
	         * @returns {integer}
	         */
	        childCount: function (entry) {
	            const item = getEntry(entry);
	            if (item) {
	                return _zip.getChildCount(item);
	            }
	        },

	        /**
	         * Asynchronous readFile
	         * @param {ZipEntry|string} entry ZipEntry object or String with the full path of the entry
	         * @param {callback} callback
	         *
	         * @return Buffer or Null in case of error
	         */
	        readFileAsync: function (entry, callback) {
	            var item = getEntry(entry);
	            if (item) {
	                item.getDataAsync(callback);
	            } else {
	                callback(null, "getEntry failed for:" + entry);
	            }
	        },

	        /**
	         * Extracts the given entry from the archive and returns the content as plain text in the given encoding
	         * @param {ZipEntry|string} entry - ZipEntry object or String with the full path of the entry
	         * @param {string} encoding - Optional. If no encoding is specified utf8 is used
	         *
	         * @return String
	         */
	        readAsText: function (entry, encoding) {
	            var item = getEntry(entry);
	            if (item) {
	                var data = item.getData();
	                if (data && data.length) {
	                    return data.toString(encoding || "utf8");
	                }
	            }
	            return "";
	        },

	        /**
	         * Asynchronous readAsText
	         * @param {ZipEntry|string} entry ZipEntry object or String with the full path of the entry
	         * @param {callback} callback
	         * @param {string} [encoding] - Optional. If no encoding is specified utf8 is used
	         *
	         * @return String
	         */
	        readAsTextAsync: function (entry, callback, encoding) {
	            var item = getEntry(entry);
	            if (item) {
	                item.getDataAsync(function (data, err) {
	                    if (err) {
	                        callback(data, err);
	                        return;
	                    }

	                    if (data && data.length) {
	                        callback(data.toString(encoding || "utf8"));
	                    } else {
	                        callback("");
	                    }
	                });
	            } else {
	                callback("");
	            }
	        },

	        /**
	         * Remove the entry from the file or the entry and all it's nested directories and files if the given entry is a directory
	         *
	         * @param {ZipEntry|string} entry
	         * @param {boolean} withsubfolders
	         * @returns {void}
	         */
	        deleteFile: function (entry, withsubfolders = true) {
	            // @TODO: test deleteFile
	            var item = getEntry(entry);
	            if (item) {
	                _zip.deleteFile(item.entryName, withsubfolders);
	            }
	        },

	        /**
	         * Remove the entry from the file or directory without affecting any nested entries
	         *
	         * @param {ZipEntry|string} entry
	         * @returns {void}
	         */
	        deleteEntry: function (entry) {
	            // @TODO: test deleteEntry
	            var item = getEntry(entry);
	            if (item) {
	                _zip.deleteEntry(item.entryName);
	            }
	        },

	        /**
	         * Adds a comment to the zip. The zip must be rewritten after adding the comment.
	         *
	         * @param {string} comment
	         */
	        addZipComment: function (comment) {
	            // @TODO: test addZipComment
	            _zip.comment = comment;
	        },

	        /**
	         * Returns the zip comment
	         *
	         * @return String
	         */
	        getZipComment: function () {
	            return _zip.comment || "";
	        },

	        /**
	         * Adds a comment to a specified zipEntry. The zip must be rewritten after adding the comment
	         * The comment cannot exceed 65535 characters in length
	         *
	         * @param {ZipEntry} entry
	         * @param {string} comment
	         */
	        addZipEntryComment: function (entry, comment) {
	            var item = getEntry(entry);
	            if (item) {
	                item.comment = comment;
	            }
	        },

	        /**
	         * Returns the comment of the specified entry
	         *
	         * @param {ZipEntry} entry
	         * @return String
	         */
	        getZipEntryComment: function (entry) {
	            var item = getEntry(entry);
	            if (item) {
	                return item.comment || "";
	            }
	            return "";
	        },

	        /**
	         * Updates the content of an existing entry inside the archive. The zip must be rewritten after updating the content
	         *
	         * @param {ZipEntry} entry
	         * @param {Buffer} content
	         */
	        updateFile: function (entry, content) {
	            var item = getEntry(entry);
	            if (item) {
	                item.setData(content);
	            }
	        },

	        /**
	         * Adds a file from the disk to the archive
	         *
	         * @param {string} localPath File to add to zip
	         * @param {string} [zipPath] Optional path inside the zip
	         * @param {string} [zipName] Optional name for the file
	         * @param {string} [comment] Optional file comment
	         */
	        addLocalFile: function (localPath, zipPath, zipName, comment) {
	            if (filetools.fs.existsSync(localPath)) {
	                // fix ZipPath
	                zipPath = zipPath ? fixPath(zipPath) : "";

	                // p - local file name
	                const p = pth.win32.basename(pth.win32.normalize(localPath));

	                // add file name into zippath
	                zipPath += zipName ? zipName : p;

	                // read file attributes
	                const _attr = filetools.fs.statSync(localPath);

	                // get file content
	                const data = _attr.isFile() ? filetools.fs.readFileSync(localPath) : Buffer.alloc(0);

	                // if folder
	                if (_attr.isDirectory()) zipPath += filetools.sep;

	                // add file into zip file
	                this.addFile(zipPath, data, comment, _attr);
	            } else {
	                throw Utils.Errors.FILE_NOT_FOUND(localPath);
	            }
	        },

	        /**
	         * Callback for showing if everything was done.
	         *
	         * @callback doneCallback
	         * @param {Error} err - Error object
	         * @param {boolean} done - was request fully completed
	         */

	        /**
	         * Adds a file from the disk to the archive
	         *
	         * @param {(object|string)} options - options object, if it is string it us used as localPath.
	         * @param {string} options.localPath - Local path to the file.
	         * @param {string} [options.comment] - Optional file comment.
	         * @param {string} [options.zipPath] - Optional path inside the zip
	         * @param {string} [options.zipName] - Optional name for the file
	         * @param {doneCallback} callback - The callback that handles the response.
	         */
	        addLocalFileAsync: function (options, callback) {
	            options = typeof options === "object" ? options : { localPath: options };
	            const localPath = pth.resolve(options.localPath);
	            const { comment } = options;
	            let { zipPath, zipName } = options;
	            const self = this;

	            filetools.fs.stat(localPath, function (err, stats) {
	                if (err) return callback(err, false);
	                // fix ZipPath
	                zipPath = zipPath ? fixPath(zipPath) : "";
	                // p - local file name
	                const p = pth.win32.basename(pth.win32.normalize(localPath));
	                // add file name into zippath
	                zipPath += zipName ? zipName : p;

	                if (stats.isFile()) {
	                    filetools.fs.readFile(localPath, function (err, data) {
	                        if (err) return callback(err, false);
	                        self.addFile(zipPath, data, comment, stats);
	                        return setImmediate(callback, undefined, true);
	                    });
	                } else if (stats.isDirectory()) {
	                    zipPath += filetools.sep;
	                    self.addFile(zipPath, Buffer.alloc(0), comment, stats);
	                    return setImmediate(callback, undefined, true);
	                }
	            });
	        },

	        /**
	         * Adds a local directory and all its nested files and directories to the archive
	         *
	         * @param {string} localPath - local path to the folder
	         * @param {string} [zipPath] - optional path inside zip
	         * @param {(RegExp|function)} [filter] - optional RegExp or Function if files match will be included.
	         */
	        addLocalFolder: function (localPath, zipPath, filter) {
	            // Prepare filter
	            filter = filenameFilter(filter);

	            // fix ZipPath
	            zipPath = zipPath ? fixPath(zipPath) : "";

	            // normalize the path first
	            localPath = pth.normalize(localPath);

	            if (filetools.fs.existsSync(localPath)) {
	                const items = filetools.findFiles(localPath);
	                const self = this;

	                if (items.length) {
	                    for (const filepath of items) {
	                        const p = pth.join(zipPath, relativePath(localPath, filepath));
	                        if (filter(p)) {
	                            self.addLocalFile(filepath, pth.dirname(p));
	                        }
	                    }
	                }
	            } else {
	                throw Utils.Errors.FILE_NOT_FOUND(localPath);
	            }
	        },

	        /**
	         * Asynchronous addLocalFolder
	         * @param {string} localPath
	         * @param {callback} callback
	         * @param {string} [zipPath] optional path inside zip
	         * @param {RegExp|function} [filter] optional RegExp or Function if files match will
	         *               be included.
	         */
	        addLocalFolderAsync: function (localPath, callback, zipPath, filter) {
	            // Prepare filter
	            filter = filenameFilter(filter);

	            // fix ZipPath
	            zipPath = zipPath ? fixPath(zipPath) : "";

	            // normalize the path first
	            localPath = pth.normalize(localPath);

	            var self = this;
	            filetools.fs.open(localPath, "r", function (err) {
	                if (err && err.code === "ENOENT") {
	                    callback(undefined, Utils.Errors.FILE_NOT_FOUND(localPath));
	                } else if (err) {
	                    callback(undefined, err);
	                } else {
	                    var items = filetools.findFiles(localPath);
	                    var i = -1;

	                    var next = function () {
	                        i += 1;
	                        if (i < items.length) {
	                            var filepath = items[i];
	                            var p = relativePath(localPath, filepath).split("\\").join("/"); //windows fix
	                            p = p
	                                .normalize("NFD")
	                                .replace(/[\u0300-\u036f]/g, "")
	                                .replace(/[^\x20-\x7E]/g, ""); // accent fix
	                            if (filter(p)) {
	                                filetools.fs.stat(filepath, function (er0, stats) {
	                                    if (er0) callback(undefined, er0);
	                                    if (stats.isFile()) {
	                                        filetools.fs.readFile(filepath, function (er1, data) {
	                                            if (er1) {
	                                                callback(undefined, er1);
	                                            } else {
	                                                self.addFile(zipPath + p, data, "", stats);
	                                                next();
	                                            }
	                                        });
	                                    } else {
	                                        self.addFile(zipPath + p + "/", Buffer.alloc(0), "", stats);
	                                        next();
	                                    }
	                                });
	                            } else {
	                                process.nextTick(() => {
	                                    next();
	                                });
	                            }
	                        } else {
	                            callback(true, undefined);
	                        }
	                    };

	                    next();
	                }
	            });
	        },

	        /**
	         * Adds a local directory and all its nested files and directories to the archive
	         *
	         * @param {object | string} options - options object, if it is string it us used as localPath.
	         * @param {string} options.localPath - Local path to the folder.
	         * @param {string} [options.zipPath] - optional path inside zip.
	         * @param {RegExp|function} [options.filter] - optional RegExp or Function if files match will be included.
	         * @param {function|string} [options.namefix] - optional function to help fix filename
	         * @param {doneCallback} callback - The callback that handles the response.
	         *
	         */
	        addLocalFolderAsync2: function (options, callback) {
	            const self = this;
	            options = typeof options === "object" ? options : { localPath: options };
	            // Resolve the local filesystem path with the platform resolver. Do NOT
	            // run it through fixPath: that normalizes ZIP-internal paths to POSIX
	            // and prepends "/", which turns a Windows path like C:\dir into
	            // \C:\dir, so readdir finds nothing and the archive comes out empty.
	            const localPath = pth.resolve(options.localPath);
	            let { zipPath, filter, namefix } = options;

	            if (filter instanceof RegExp) {
	                filter = (function (rx) {
	                    return function (filename) {
	                        return rx.test(filename);
	                    };
	                })(filter);
	            } else if ("function" !== typeof filter) {
	                filter = function () {
	                    return true;
	                };
	            }

	            // fix ZipPath
	            zipPath = zipPath ? fixPath(zipPath) : "";

	            // Check Namefix function
	            if (namefix === "latin1") {
	                namefix = (str) =>
	                    str
	                        .normalize("NFD")
	                        .replace(/[\u0300-\u036f]/g, "")
	                        .replace(/[^\x20-\x7E]/g, ""); // accent fix (latin1 characers only)
	            }

	            if (typeof namefix !== "function") namefix = (str) => str;

	            // internal, create relative path + fix the name
	            const relPathFix = (entry) => pth.join(zipPath, namefix(relativePath(localPath, entry)));
	            const fileNameFix = (entry) => pth.win32.basename(pth.win32.normalize(namefix(entry)));

	            filetools.fs.open(localPath, "r", function (err) {
	                if (err && err.code === "ENOENT") {
	                    // callback is (err, done); errors belong in the first argument,
	                    // otherwise addLocalFolderPromise treats the error as "done" and
	                    // resolves instead of rejecting.
	                    callback(Utils.Errors.FILE_NOT_FOUND(localPath), false);
	                } else if (err) {
	                    callback(err, false);
	                } else {
	                    filetools.findFilesAsync(localPath, function (err, fileEntries) {
	                        if (err) return callback(err, false);
	                        fileEntries = fileEntries.filter((dir) => filter(relPathFix(dir)));
	                        // Nothing to add (empty folder or everything filtered out) is a
	                        // success, not an error. Report done and stop, otherwise the
	                        // reduce below runs and the callback fires a second time -- and
	                        // signalling done=false left addLocalFolderPromise hanging.
	                        if (!fileEntries.length) return callback(undefined, true);

	                        setImmediate(
	                            fileEntries.reverse().reduce(function (next, entry) {
	                                return function (err, done) {
	                                    if (err || done === false) return setImmediate(next, err, false);

	                                    self.addLocalFileAsync(
	                                        {
	                                            localPath: entry,
	                                            zipPath: pth.dirname(relPathFix(entry)),
	                                            zipName: fileNameFix(entry)
	                                        },
	                                        next
	                                    );
	                                };
	                            }, callback)
	                        );
	                    });
	                }
	            });
	        },

	        /**
	         * Adds a local directory and all its nested files and directories to the archive
	         *
	         * @param {string} localPath - path where files will be extracted
	         * @param {object} props - optional properties
	         * @param {string} [props.zipPath] - optional path inside zip
	         * @param {RegExp|function} [props.filter] - optional RegExp or Function if files match will be included.
	         * @param {function|string} [props.namefix] - optional function to help fix filename
	         */
	        addLocalFolderPromise: function (localPath, props) {
	            return new Promise((resolve, reject) => {
	                this.addLocalFolderAsync2(Object.assign({ localPath }, props), (err, done) => {
	                    if (err) return reject(err);
	                    if (done) resolve(this);
	                });
	            });
	        },

	        /**
	         * Allows you to create a entry (file or directory) in the zip file.
	         * If you want to create a directory the entryName must end in / and a null buffer should be provided.
	         * Comment and attributes are optional
	         *
	         * @param {string} entryName
	         * @param {Buffer | string} content - file content as buffer or utf8 coded string
	         * @param {string} [comment] - file comment
	         * @param {number | object} [attr] - number as unix file permissions, object as filesystem Stats object
	         */
	        addFile: function (entryName, content, comment, attr) {
	            entryName = zipnamefix(entryName);
	            let entry = getEntry(entryName);
	            const update = entry != null;

	            // prepare new entry
	            if (!update) {
	                entry = new ZipEntry(opts);
	                entry.entryName = entryName;
	            }
	            entry.comment = comment || "";

	            const isStat = "object" === typeof attr && attr instanceof filetools.fs.Stats;

	            // last modification time from file stats
	            if (isStat) {
	                entry.header.time = attr.mtime;
	            }

	            // Set file attribute
	            var fileattr = entry.isDirectory ? 0x10 : 0; // (MS-DOS directory flag)

	            // extended attributes field for Unix
	            // set file type either S_IFDIR / S_IFREG
	            let unix = entry.isDirectory ? 0x4000 : 0x8000;

	            if (isStat) {
	                // File attributes from file stats
	                unix |= 0xfff & attr.mode;
	            } else if ("number" === typeof attr) {
	                // attr from given attr values
	                unix |= 0xfff & attr;
	            } else {
	                // Default values:
	                unix |= entry.isDirectory ? 0o755 : 0o644; // permissions (drwxr-xr-x) or (-r-wr--r--)
	            }

	            fileattr = (fileattr | (unix << 16)) >>> 0; // add attributes

	            entry.attr = fileattr;

	            entry.setData(content);
	            if (!update) _zip.setEntry(entry);

	            return entry;
	        },

	        /**
	         * Returns an array of ZipEntry objects representing the files and folders inside the archive
	         *
	         * @param {string} [password]
	         * @returns Array
	         */
	        getEntries: function (password) {
	            _zip.password = password;
	            return _zip ? _zip.entries : [];
	        },

	        /**
	         * Returns a ZipEntry object representing the file or folder specified by ``name``.
	         *
	         * @param {string} name
	         * @return ZipEntry
	         */
	        getEntry: function (/**String*/ name) {
	            return getEntry(name);
	        },

	        getEntryCount: function () {
	            return _zip.getEntryCount();
	        },

	        forEach: function (callback) {
	            return _zip.forEach(callback);
	        },

	        /**
	         * Extracts the given entry to the given targetPath
	         * If the entry is a directory inside the archive, the entire directory and it's subdirectories will be extracted
	         *
	         * @param {string|ZipEntry} entry - ZipEntry object or String with the full path of the entry
	         * @param {string} targetPath - Target folder where to write the file
	         * @param {boolean} [maintainEntryPath=true] - If maintainEntryPath is true and the entry is inside a folder, the entry folder will be created in targetPath as well. Default is TRUE
	         * @param {boolean} [overwrite=false] - If the file already exists at the target path, the file will be overwriten if this is true.
	         * @param {boolean} [keepOriginalPermission=false] - The file will be set as the permission from the entry if this is true.
	         * @param {string} [outFileName] - String If set will override the filename of the extracted file (Only works if the entry is a file)
	         *
	         * @return Boolean
	         */
	        extractEntryTo: function (entry, targetPath, maintainEntryPath, overwrite, keepOriginalPermission, outFileName) {
	            overwrite = get_Bool(false, overwrite);
	            keepOriginalPermission = get_Bool(false, keepOriginalPermission);
	            maintainEntryPath = get_Bool(true, maintainEntryPath);
	            outFileName = get_Str(keepOriginalPermission, outFileName);

	            var item = getEntry(entry);
	            if (!item) {
	                throw Utils.Errors.NO_ENTRY();
	            }

	            var entryName = canonical(item.entryName);

	            var target = sanitize(targetPath, outFileName && !item.isDirectory ? canonical(outFileName) : maintainEntryPath ? entryName : pth.basename(entryName));

	            if (item.isDirectory) {
	                var children = _zip.getEntryChildren(item);
	                children.forEach(function (child) {
	                    if (child.isDirectory) return;
	                    var content = child.getData();
	                    if (!content) {
	                        throw Utils.Errors.CANT_EXTRACT_FILE();
	                    }
	                    // When not maintaining the full entry path, keep each child's path
	                    // relative to the extracted directory (drop the directory's own
	                    // prefix) instead of flattening every file to its basename, which
	                    // collapsed subdirectories together (issue #306).
	                    var name = canonical(maintainEntryPath ? child.entryName : child.entryName.substring(item.entryName.length));
	                    var childName = sanitize(targetPath, name);
	                    // reject writing through a pre-existing symlink inside the target
	                    filetools.assertPathSafe(targetPath, childName);
	                    // The reverse operation for attr depend on method addFile()
	                    const fileAttr = keepOriginalPermission ? child.header.fileAttr : undefined;
	                    filetools.writeFileTo(childName, content, overwrite, fileAttr);
	                });
	                return true;
	            }

	            var content = item.getData(_zip.password);
	            if (!content) throw Utils.Errors.CANT_EXTRACT_FILE();

	            // reject writing through a pre-existing symlink inside the target
	            filetools.assertPathSafe(targetPath, target);

	            if (filetools.fs.existsSync(target) && !overwrite) {
	                throw Utils.Errors.CANT_OVERRIDE();
	            }
	            // The reverse operation for attr depend on method addFile()
	            const fileAttr = keepOriginalPermission ? entry.header.fileAttr : undefined;
	            filetools.writeFileTo(target, content, overwrite, fileAttr);

	            return true;
	        },

	        /**
	         * Test the archive
	         * @param {string} [pass]
	         */
	        test: function (pass) {
	            if (!_zip) {
	                return false;
	            }

	            for (var entry of _zip.entries) {
	                try {
	                    if (entry.isDirectory) {
	                        continue;
	                    }
	                    // was `_zip.entries[entry]` (indexing the array with an entry
	                    // object -> undefined -> threw -> test() always returned false)
	                    var content = entry.getData(pass);
	                    if (!content) {
	                        return false;
	                    }
	                } catch (err) {
	                    return false;
	                }
	            }
	            return true;
	        },

	        /**
	         * Extracts the entire archive to the given location
	         *
	         * @param {string} targetPath Target location
	         * @param {boolean} [overwrite=false] If the file already exists at the target path, the file will be overwriten if this is true.
	         *                  Default is FALSE
	         * @param {boolean} [keepOriginalPermission=false] The file will be set as the permission from the entry if this is true.
	         *                  Default is FALSE
	         * @param {string|Buffer} [pass] password
	         */
	        extractAllTo: function (targetPath, overwrite, keepOriginalPermission, pass) {
	            keepOriginalPermission = get_Bool(false, keepOriginalPermission);
	            pass = get_Str(keepOriginalPermission, pass);
	            overwrite = get_Bool(false, overwrite);
	            if (!_zip) throw Utils.Errors.NO_ZIP();

	            const dirEntries = [];
	            _zip.entries.forEach(function (entry) {
	                var entryName = sanitize(targetPath, canonical(entry.entryName));
	                // reject writing through a pre-existing symlink inside the target
	                filetools.assertPathSafe(targetPath, entryName);
	                if (entry.isDirectory) {
	                    filetools.makeDir(entryName);
	                    // defer restoring the directory permission until its files are written
	                    if (keepOriginalPermission) dirEntries.push({ path: entryName, attr: entry.header.fileAttr });
	                    return;
	                }
	                var content = entry.getData(pass);
	                if (!content) {
	                    throw Utils.Errors.CANT_EXTRACT_FILE();
	                }
	                // The reverse operation for attr depend on method addFile()
	                const fileAttr = keepOriginalPermission ? entry.header.fileAttr : undefined;
	                filetools.writeFileTo(entryName, content, overwrite, fileAttr);
	                try {
	                    // best-effort: an invalid date in the archive or a filesystem that
	                    // rejects utimes must not fail extraction of already-written content (issue #379)
	                    filetools.fs.utimesSync(entryName, entry.header.time, entry.header.time);
	                } catch (err) {
	                    /* ignore timestamp failures */
	                }
	            });

	            applyDirAttributes(dirEntries);
	        },

	        /**
	         * Asynchronous extractAllTo
	         *
	         * @param {string} targetPath Target location
	         * @param {boolean} [overwrite=false] If the file already exists at the target path, the file will be overwriten if this is true.
	         *                  Default is FALSE
	         * @param {boolean} [keepOriginalPermission=false] The file will be set as the permission from the entry if this is true.
	         *                  Default is FALSE
	         * @param {function} callback The callback will be executed when all entries are extracted successfully or any error is thrown.
	         */
	        extractAllToAsync: function (targetPath, overwrite, keepOriginalPermission, callback) {
	            callback = get_Fun(overwrite, keepOriginalPermission, callback);
	            keepOriginalPermission = get_Bool(false, keepOriginalPermission);
	            overwrite = get_Bool(false, overwrite);
	            if (!callback) {
	                return new Promise((resolve, reject) => {
	                    this.extractAllToAsync(targetPath, overwrite, keepOriginalPermission, function (err) {
	                        if (err) {
	                            reject(err);
	                        } else {
	                            resolve(this);
	                        }
	                    });
	                });
	            }
	            if (!_zip) {
	                callback(Utils.Errors.NO_ZIP());
	                return;
	            }

	            targetPath = pth.resolve(targetPath);
	            // convert entryName to
	            const getPath = (entry) => sanitize(targetPath, pth.normalize(canonical(entry.entryName)));
	            const getError = (msg, file) => new Error(msg + ': "' + file + '"');

	            // separate directories from files
	            const dirEntries = [];
	            const fileEntries = [];
	            _zip.entries.forEach((e) => {
	                if (e.isDirectory) {
	                    dirEntries.push(e);
	                } else {
	                    fileEntries.push(e);
	                }
	            });

	            // Create directory entries first synchronously
	            // this prevents race condition and assures folders are there before writing files
	            const deferredDirAttr = [];
	            for (const entry of dirEntries) {
	                const dirPath = getPath(entry);
	                // The reverse operation for attr depend on method addFile()
	                const dirAttr = keepOriginalPermission ? entry.header.fileAttr : undefined;
	                try {
	                    // reject writing through a pre-existing symlink inside the target
	                    filetools.assertPathSafe(targetPath, dirPath);
	                    filetools.makeDir(dirPath);
	                } catch (er) {
	                    callback(getError("Unable to create folder", dirPath));
	                    continue;
	                }
	                // defer restoring the directory permission until its files are written:
	                // a restrictive mode applied now would block writing them
	                if (dirAttr) deferredDirAttr.push({ path: dirPath, attr: dirAttr });
	                try {
	                    // in unix timestamp will change if files are later added to folder, but still.
	                    // best-effort: a utimes failure must not abort extraction (issue #379)
	                    filetools.fs.utimesSync(dirPath, entry.header.time, entry.header.time);
	                } catch (er) {
	                    /* ignore timestamp failures */
	                }
	            }

	            // restore directory permissions once every file has been extracted
	            const done = (err) => {
	                if (!err) {
	                    try {
	                        applyDirAttributes(deferredDirAttr);
	                    } catch (er) {
	                        return callback(getError("Unable to set folder permissions", er.path || ""));
	                    }
	                }
	                callback(err);
	            };

	            fileEntries.reverse().reduce(function (next, entry) {
	                return function (err) {
	                    if (err) {
	                        next(err);
	                    } else {
	                        const entryName = pth.normalize(canonical(entry.entryName));
	                        const filePath = sanitize(targetPath, entryName);
	                        try {
	                            // reject writing through a pre-existing symlink inside the target
	                            filetools.assertPathSafe(targetPath, filePath);
	                        } catch (er) {
	                            return next(er);
	                        }
	                        entry.getDataAsync(function (content, err_1) {
	                            if (err_1) {
	                                next(err_1);
	                            } else if (!content) {
	                                next(Utils.Errors.CANT_EXTRACT_FILE());
	                            } else {
	                                // The reverse operation for attr depend on method addFile()
	                                const fileAttr = keepOriginalPermission ? entry.header.fileAttr : undefined;
	                                filetools.writeFileToAsync(filePath, content, overwrite, fileAttr, function (succ) {
	                                    if (!succ) {
	                                        return next(getError("Unable to write file", filePath));
	                                    }
	                                    filetools.fs.utimes(filePath, entry.header.time, entry.header.time, function () {
	                                        // best-effort: a utimes failure must not abort extraction
	                                        // of already-written content (issue #379)
	                                        next();
	                                    });
	                                });
	                            }
	                        });
	                    }
	                };
	            }, done)();
	        },

	        /**
	         * Writes the newly created zip file to disk at the specified location or if a zip was opened and no ``targetFileName`` is provided, it will overwrite the opened zip
	         *
	         * @param {string} targetFileName
	         * @param {function} callback
	         */
	        writeZip: function (targetFileName, callback) {
	            if (arguments.length === 1) {
	                if (typeof targetFileName === "function") {
	                    callback = targetFileName;
	                    targetFileName = "";
	                }
	            }

	            if (!targetFileName && opts.filename) {
	                targetFileName = opts.filename;
	            }
	            if (!targetFileName) return;

	            var zipData = _zip.compressToBuffer();
	            if (zipData) {
	                var ok = filetools.writeFileTo(targetFileName, zipData, true);
	                if (typeof callback === "function") callback(!ok ? new Error("failed") : null, "");
	            }
	        },

	        /**
	         *
	         * @param {string} targetFileName
	         * @param {object} [props]
	         * @param {boolean} [props.overwrite=true] If the file already exists at the target path, the file will be overwriten if this is true.
	         * @param {boolean} [props.perm] The file will be set as the permission from the entry if this is true.

	         * @returns {Promise<void>}
	         */
	        writeZipPromise: function (/**String*/ targetFileName, /* object */ props) {
	            const { overwrite, perm } = Object.assign({ overwrite: true }, props);

	            return new Promise((resolve, reject) => {
	                // find file name
	                if (!targetFileName && opts.filename) targetFileName = opts.filename;
	                if (!targetFileName) reject("ADM-ZIP: ZIP File Name Missing");

	                this.toBufferPromise().then((zipData) => {
	                    const ret = (done) => (done ? resolve(done) : reject("ADM-ZIP: Wasn't able to write zip file"));
	                    filetools.writeFileToAsync(targetFileName, zipData, overwrite, perm, ret);
	                }, reject);
	            });
	        },

	        /**
	         * @returns {Promise<Buffer>} A promise to the Buffer.
	         */
	        toBufferPromise: function () {
	            return new Promise((resolve, reject) => {
	                _zip.toAsyncBuffer(resolve, reject);
	            });
	        },

	        /**
	         * Returns the content of the entire zip file as a Buffer object
	         *
	         * @prop {function} [onSuccess]
	         * @prop {function} [onFail]
	         * @prop {function} [onItemStart]
	         * @prop {function} [onItemEnd]
	         * @returns {Buffer}
	         */
	        toBuffer: function (onSuccess, onFail, onItemStart, onItemEnd) {
	            if (typeof onSuccess === "function") {
	                _zip.toAsyncBuffer(onSuccess, onFail, onItemStart, onItemEnd);
	                return null;
	            }
	            return _zip.compressToBuffer();
	        }
	    };
	};
	return admZip;
}

var admZipExports = requireAdmZip();
var AdmZip = /*@__PURE__*/getDefaultExportFromCjs(admZipExports);

/** Lambda's handler setting for every zip spindrift writes. */
const HANDLER = 'index.handler';
/** How shim/index.py begins: recognises zips spindrift wrote. */
const SHIM_SIGNATURE = '"""spindrift handler shim';
/** shim/index.py sits beside src/ and dist/: found from src/app/ (tests, scripts) and from dist/ (the bundles). */
function templatePath() {
    for (const relative of ['../shim/index.py', '../../shim/index.py']) {
        const file = fileURLToPath(new URL(relative, import.meta.url));
        if (existsSync(file))
            return file;
    }
    throw new Error('shim/index.py is missing beside the spindrift code: reinstall spindrift');
}
/**
 * index.py for the app: the fixed shim with its one `_CONFIG = …` line replaced by the parsed entry, as
 * JSON inside a Python string literal. User text never becomes code.
 */
function renderShim(app, template = readFileSync(templatePath(), 'utf8')) {
    const config = appKind(app.type).shimConfig(app);
    // JSON.stringify of a string is a valid Python string literal (only \" \\ \n \uXXXX-style escapes).
    const line = `_CONFIG = json.loads(${JSON.stringify(JSON.stringify(config))})`;
    const lines = template.split('\n');
    const index = lines.findIndex(l => l.startsWith('_CONFIG = '));
    if (index < 0 || lines.findIndex((l, i) => i > index && l.startsWith('_CONFIG = ')) >= 0) {
        throw new Error('shim/index.py must contain exactly one line starting with "_CONFIG = "');
    }
    lines[index] = line;
    return { name: 'index.py', data: Buffer.from(lines.join('\n'), 'utf8') };
}

/** Names never taken from a plain folder: tool state, virtualenvs, VCS data and secrets. */
const EXCLUDED_NAMES = new Set(['.git', '.hg', '.svn', '.venv', 'venv', 'node_modules', '__pycache__', '.pytest_cache', '.mypy_cache', '.ruff_cache', '.tox', '.nox', '.idea', '.vscode', '.DS_Store', '.github', 'settings.spindrift']);
/** Build products at the project's top level: setuptools writes build/ and *.egg-info into the source tree. */
const EXCLUDED_TOP_LEVEL = new Set(['build', 'dist']);
const EXCLUDED_PATTERNS = [/\.egg-info$/, /^\.env(\..*)?$/, /\.pyc$/, /\.pem$/, /\.key$/, /^id_(rsa|dsa|ecdsa|ed25519)/, /^\..*\.spindrift-.*\.tmp$/, /\.\d+\.[0-9a-f]{8}\.tmp$/];
function hasPackagingMetadata(projectDir) {
    if (existsSync(path$1.join(projectDir, 'setup.py')))
        return true;
    const pyproject = path$1.join(projectDir, 'pyproject.toml');
    if (!existsSync(pyproject))
        return false;
    // A pyproject.toml that only configures tools (ruff, pytest) does not make a folder buildable.
    return /^\s*\[(project|build-system)\]/m.test(readFileSync(pyproject, 'utf8'));
}
/**
 * Every file of a plain folder except the excluded ones. Symlinks are followed only when they resolve inside
 * the folder; one pointing outside would smuggle foreign files (or secrets) into the zip.
 */
function walkFolder(root, excludedPaths, include = []) {
    const realRoot = realpathSync(root);
    const files = [];
    const included = include.map(globToRegExp);
    // The literal start of each include glob: an excluded folder is entered only when a glob names a path in it.
    const reaches = include.map(glob => glob.split(/[*?]/)[0]).filter(Boolean);
    const visit = (dir, prefix, seen, excludedScope) => {
        for (const name of readdirSync(dir).sort()) {
            const rel = prefix ? `${prefix}/${name}` : name;
            const excludedByDefault = excludedScope || EXCLUDED_NAMES.has(name) || EXCLUDED_PATTERNS.some(p => p.test(name)) || (!prefix && EXCLUDED_TOP_LEVEL.has(name));
            const full = path$1.join(dir, name);
            if (excludedPaths.has(full))
                continue;
            if (excludedByDefault && !included.some(p => p.test(rel)) && !reaches.some(r => r.startsWith(`${rel}/`) || `${rel}/`.startsWith(r)))
                continue;
            let stat = lstatSync(full);
            if (stat.isSymbolicLink()) {
                const target = realpathSafe(full);
                if (!target || (target !== realRoot && !target.startsWith(realRoot + path$1.sep))) {
                    throw new SpindriftError(`${full} is a symlink to ${target ?? 'a missing file'}, outside the project; replace it with a real file or remove it.`);
                }
                stat = statSync(full);
                if (stat.isDirectory() && seen.has(target)) {
                    throw new SpindriftError(`${full} is a symlink loop back to ${target}; remove the link.`);
                }
            }
            if (stat.isDirectory()) {
                const real = realpathSync(full);
                visit(full, rel, new Set([...seen, real]), excludedByDefault && !included.some(p => p.test(rel)));
            }
            else if (stat.isFile()) {
                if (excludedByDefault && !included.some(p => p.test(rel)))
                    continue;
                const data = readFileSync(full);
                if (name.endsWith('.zip') && isSpindriftZip(data))
                    continue;
                files.push({ name: rel, data, executable: (stat.mode & 0o111) !== 0 });
            }
        }
    };
    visit(root, '', new Set([realRoot]), false);
    return files;
}
/** A zip this tool wrote (its index.py is our shim): an earlier output left in the project, never app data. */
function isSpindriftZip(data) {
    try {
        const shim = new AdmZip(data).getEntry('index.py');
        return shim !== null && shim.getData().toString('utf8').startsWith(SHIM_SIGNATURE);
    }
    catch {
        return false;
    }
}
function realpathSafe(file) {
    try {
        return realpathSync(file);
    }
    catch {
        return undefined;
    }
}

/** https://user:token@host/simple → https://host/simple: credentials never enter keys or logs. */
function stripCredentials(text) {
    return text.replace(/([a-z][a-z0-9+.-]*:\/\/)[^\s/@]+@/gi, '$1');
}

/**
 * mkdir -p, one level at a time: Node's own recursive mkdir spins forever on some file systems (a folder
 * under /proc answers ENOENT for ever), so a bad output path would hang instead of failing.
 */
function makeFolders(dir) {
    const missing = [];
    let current = path$1.resolve(dir);
    while (!existsSync(current)) {
        missing.unshift(current);
        const parent = path$1.dirname(current);
        if (parent === current)
            break;
        current = parent;
    }
    for (const folder of missing)
        mkdirSync(folder);
}
/** Best-effort cleanup on a failure path: the failure being reported matters more than this one. */
function removeQuietly(file) {
    try {
        rmSync(file, { recursive: true, force: true });
    }
    catch {
        // nothing more to do
    }
}

/** Find the installer the plan asks for; uv is taken from PATH, else from the interpreter (`pip install uv`). */
async function findInstaller(plan, python) {
    if (plan.installer === 'pip')
        return { name: 'pip', version: python.pip ?? 'none', command: [python.command, '-m', 'pip'] };
    for (const command of [['uv'], [python.command, '-m', 'uv']]) {
        try {
            const run = await getExecOutput(command[0], [...command.slice(1), '--version'], { silent: true, ignoreReturnCode: true, env: python.env });
            const version = /^uv (\d[^\s]*)/m.exec(run.stdout)?.[1];
            if (run.exitCode === 0 && version)
                return { name: 'uv', version, command };
        }
        catch {
            // not on PATH: try the next way
        }
    }
    throw new SpindriftError('package.installer is uv, but uv is not installed; install it (astral-sh/setup-uv, or "pip install uv") or set package.installer to pip.');
}
/** uv's --python-platform names the glibc versions it knows; take the newest one the runtime's glibc covers. */
const UV_MANYLINUX_MINORS = [17, 28, 31, 32, 33, 34, 35, 36, 37, 38, 39, 40];
function uvPlatform(target) {
    const [, ceiling] = target.runtime.glibc;
    const minor = Math.max(...UV_MANYLINUX_MINORS.filter(m => m <= ceiling));
    return `${WHEEL_ARCH[target.architecture]}-manylinux_2_${minor}`;
}
/** Installer options that choose the package index (pip and uv also read their own variables and files). */
function indexArgs(index) {
    const args = [];
    if (index.indexUrl)
        args.push('--index-url', index.indexUrl);
    for (const url of index.extraIndexUrls)
        args.push('--extra-index-url', url);
    return args;
}

const PROBE = [
    'import json, platform, sys',
    'try:',
    '    import pip',
    '    pip_version = pip.__version__',
    'except Exception:',
    '    pip_version = None',
    'print(json.dumps({"version": platform.python_version(), "machine": platform.machine(), "pip": pip_version, "prefix": sys.prefix}))'
].join('\n');
async function probeInterpreter(command, env) {
    let result;
    try {
        result = await getExecOutput(command, ['-c', PROBE], { silent: true, ignoreReturnCode: true, env: env });
    }
    catch {
        throw new SpindriftError(`Python interpreter "${command}" was not found; install Python (for example with actions/setup-python) or set package.python to its path.`);
    }
    const line = result.stdout.trim().split('\n').pop() ?? '';
    let facts;
    try {
        facts = JSON.parse(line);
    }
    catch {
        throw new SpindriftError(`"${command}" did not run as a Python interpreter (exit code ${result.exitCode}); set package.python to a Python 3 executable.`);
    }
    const minor = facts.version.split('.').slice(0, 2).join('.');
    return { command, version: facts.version, minor, machine: facts.machine, pip: facts.pip ?? undefined, prefix: facts.prefix, env };
}
/** Run `python -m pip …`, streaming its output to the logger's debug channel. */
async function runPip(python, args, logger, cwd) {
    if (!python.pip) {
        throw new SpindriftError(`pip is not installed for ${python.command} (Python ${python.version}); install it with "${python.command} -m ensurepip" or point package.python at an interpreter that has pip.`);
    }
    return runTool(python.command, ['-m', 'pip', ...args], python.env, logger, cwd);
}
/** Run an installer command with pip's quiet-and-non-interactive settings, output to the debug channel. */
async function runTool(command, args, env, logger, cwd) {
    const result = await getExecOutput(command, args, {
        silent: true,
        ignoreReturnCode: true,
        cwd,
        env: { ...env, PIP_NO_INPUT: '1', PIP_DISABLE_PIP_VERSION_CHECK: '1', PIP_ROOT_USER_ACTION: 'ignore' },
        listeners: { stdline: line => logger.debug(line), errline: line => logger.debug(line) }
    });
    return { exitCode: result.exitCode, stdout: result.stdout, stderr: result.stderr };
}
/** pip's last meaningful lines, for an error message. */
function pipTail(run, lines = 3) {
    const all = `${run.stdout}\n${run.stderr}`.split('\n').map(l => l.trim()).filter(l => l && !l.startsWith('WARNING: Running pip as'));
    const errors = all.filter(l => l.startsWith('ERROR:') || l.startsWith('error:') || l.startsWith('hint:'));
    const tail = (errors.length ? errors : all).slice(-lines);
    // A failed build's cause is the build backend's exception, which pip prints above its own summary.
    const exception = all.filter(l => /^[A-Za-z_][\w.]*(Error|Exception):\s/.test(l)).pop();
    const text = (exception && !tail.includes(exception) ? [exception, ...tail] : tail).join(' ');
    // It is quoted inside a sentence of ours: end it like one.
    return text && !/[.!?:]$/.test(text) ? `${text}.` : text;
}

/**
 * What can be known of a project from its pyproject.toml without building it: whether its metadata is static
 * (PEP 621: no setup.py or setup.cfg, a [project] table, nothing `dynamic`), and then its dependency list.
 * Only a narrow, common subset of TOML is read; anything else answers "unknown", never a guess. Callers use the
 * answers to start work early and check them against the built wheel.
 */
/** The text of the [project] table (its own lines, without sub-tables), or undefined when there is none. */
function projectTable(toml) {
    const lines = toml.split(/\r?\n/);
    const start = lines.findIndex(line => /^\s*\[\s*project\s*\]\s*(#.*)?$/.test(line));
    if (start < 0)
        return undefined;
    const end = lines.findIndex((line, i) => i > start && /^\s*\[/.test(line));
    return lines.slice(start + 1, end < 0 ? undefined : end).join('\n');
}
/** True when the project's metadata is static: the build backend may not compute any of it. */
function hasStaticMetadata(toml, fileNames) {
    if (fileNames.has('setup.py') || fileNames.has('setup.cfg'))
        return false;
    // `dynamic` anywhere counts, not just in [project]: a false "dynamic" only costs speed, a missed one correctness.
    return projectTable(toml) !== undefined && !/^\s*dynamic\s*=/m.test(toml);
}
/**
 * The [project] dependencies of a project with static metadata, or undefined when they cannot be read for sure:
 * dynamic metadata, optional dependencies (they reach the wheel as "extra" markers in the backend's own
 * wording), or a list written in TOML this reader does not handle (escapes, multi-line strings, inline tables).
 */
function staticDependencies(toml, fileNames) {
    if (!hasStaticMetadata(toml, fileNames) || /^\s*\[\s*project\.optional-dependencies\s*\]/m.test(toml))
        return undefined;
    const table = projectTable(toml);
    if (/^\s*optional-dependencies\s*=/m.test(table))
        return undefined;
    const start = /^\s*dependencies\s*=\s*\[/m.exec(table);
    if (!start)
        return [];
    return stringArray(table.slice(start.index + start[0].length));
}
/** The strings of a TOML array whose opening bracket has been read: basic or literal strings, commas, comments. */
function stringArray(text) {
    const values = [];
    let i = 0;
    let expectValue = true;
    while (i < text.length) {
        const c = text[i];
        if (c === ' ' || c === '\t' || c === '\n' || c === '\r')
            i++;
        else if (c === '#')
            i = text.indexOf('\n', i) < 0 ? text.length : text.indexOf('\n', i);
        else if (c === ']')
            return values;
        else if (c === ',' && !expectValue) {
            expectValue = true;
            i++;
        }
        else if ((c === '"' || c === "'") && expectValue) {
            if (text.startsWith(c.repeat(3), i))
                return undefined;
            const end = text.indexOf(c, i + 1);
            const value = end < 0 ? undefined : text.slice(i + 1, end);
            if (value === undefined || value.includes('\n') || (c === '"' && value.includes('\\')))
                return undefined;
            values.push(value);
            expectValue = false;
            i = end + 1;
        }
        else
            return undefined;
    }
    return undefined;
}

/** Byte order of UTF-8 names: the same on every machine and in every locale. */
function compareNames(a, b) {
    return Buffer.compare(Buffer.from(a, 'utf8'), Buffer.from(b, 'utf8'));
}
/** A project or extra name as PEP 503 compares them: lower case, runs of -_. as one -. */
const canonicalName = (name) => name.toLowerCase().replace(/[-_.]+/g, '-');

const METADATA_FILES = ['pyproject.toml', 'MANIFEST.in'];
/** The recipe's key, or undefined when the project's build may depend on more than its file layout. */
function recipeKey(index, python, installer, sources) {
    const pyproject = sources.find(s => s.name === 'pyproject.toml')?.data.toString('utf8');
    // A dynamic version or dependency list is computed by the build backend (from git, from code): not static.
    if (pyproject === undefined || !hasStaticMetadata(pyproject, new Set(sources.map(s => s.name))))
        return undefined;
    const hash = createHash('sha256').update(JSON.stringify([1, python.minor, python.pip, installer.name, installer.version, stripCredentials(indexArgs(index).join(' '))]));
    for (const file of sources) {
        hash.update(`${file.name}\0${file.executable ? 1 : 0}\0`);
        if (METADATA_FILES.includes(file.name))
            hash.update(file.data);
    }
    return hash.digest('hex').slice(0, 40);
}
/**
 * A recipe for a fresh build, or undefined unless every file of the wheel is a verbatim copy of exactly one
 * source file: a name that two sources could supply (pkg/x.py and src/pkg/x.py) would make an edit ambiguous.
 */
function recipeFromBuild(app, sources) {
    const copies = [];
    const kept = [];
    for (const file of app.files) {
        if (/^[^/]+\.dist-info\//.test(file.name)) {
            kept.push({ name: file.name, data: file.data.toString('base64'), executable: Boolean(file.executable) });
            continue;
        }
        const candidates = sources.filter(s => s.name === file.name || s.name.endsWith(`/${file.name}`));
        const source = candidates.length === 1 ? candidates[0] : undefined;
        if (!source || !source.data.equals(file.data) || Boolean(source.executable) !== Boolean(file.executable))
            return undefined;
        copies.push({ name: file.name, source: source.name });
    }
    return { format: 1, declaredDependencies: app.declaredDependencies, copies, kept, others: othersHash(sources, copies) };
}
function othersHash(sources, copies) {
    const copied = new Set(copies.map(c => c.source));
    const hash = createHash('sha256');
    for (const source of sources)
        if (!copied.has(source.name))
            hash.update(`${source.name}\0${source.data.length}\0`).update(source.data);
    return hash.digest('hex');
}
/** The app layer from a recipe and the current sources. */
function applyRecipe(recipe, sources) {
    if (othersHash(sources, recipe.copies) !== recipe.others)
        return undefined;
    const byName = new Map(sources.map(s => [s.name, s]));
    const files = [];
    for (const copy of recipe.copies) {
        const source = byName.get(copy.source);
        if (!source)
            return undefined;
        files.push({ name: copy.name, data: source.data, executable: source.executable });
    }
    for (const file of recipe.kept)
        files.push({ name: file.name, data: Buffer.from(file.data, 'base64'), executable: file.executable });
    return { files: withCanonicalRecord(files), declaredDependencies: recipe.declaredDependencies, source: 'wheel' };
}
function loadRecipe(cacheDir, key) {
    const file = path$1.join(cacheDir, 'app', `${key}.recipe.json`);
    if (!existsSync(file))
        return undefined;
    try {
        const recipe = JSON.parse(readFileSync(file, 'utf8'));
        return recipe.format === 1 ? recipe : undefined;
    }
    catch {
        return undefined;
    }
}
/** Best effort: a recipe that cannot be stored only means the next run builds again. */
function saveRecipe(cacheDir, key, recipe) {
    const file = path$1.join(cacheDir, 'app', `${key}.recipe.json`);
    const staging = `${file}.${randomBytes(4).toString('hex')}.tmp`;
    try {
        makeFolders(path$1.dirname(file));
        writeFileSync(staging, JSON.stringify(recipe));
        renameSync(staging, file);
    }
    catch {
        removeQuietly(staging);
    }
}
/**
 * The app's RECORD written from its files, in byte order: the same bytes whether the files came from a fresh
 * wheel or from a recipe, and always true to the content that ships.
 */
function withCanonicalRecord(files) {
    const record = files.find(f => /^[^/]+\.dist-info\/RECORD$/.test(f.name));
    if (!record)
        return files;
    const others = files.filter(f => f !== record).sort((a, b) => compareNames(a.name, b.name));
    const lines = others.map(f => `${csv(f.name)},sha256=${createHash('sha256').update(f.data).digest('base64url')},${f.data.length}`);
    lines.push(`${csv(record.name)},,`);
    return [...others, { ...record, data: Buffer.from(lines.join('\n') + '\n', 'utf8') }];
}
function csv(name) {
    return /[",\n]/.test(name) ? `"${name.replace(/"/g, '""')}"` : name;
}

/**
 * The project's wheel, built by the installer (`pip wheel`, or `uv build` when package.installer is uv): its
 * files are the app layer, its Requires-Dist the declared dependencies. With the cache on, a wheel is kept
 * under the hash of every source file, so an unchanged project is not rebuilt.
 */
async function projectWheel(plan, python, installer, sources, logger) {
    const recipe = plan.cacheDir ? recipeKey(plan, python, installer, sources) : undefined;
    if (plan.cacheDir && recipe) {
        const fromRecipe = loadRecipe(plan.cacheDir, recipe);
        const app = fromRecipe && applyRecipe(fromRecipe, sources);
        if (app) {
            logger.info('Project layout and metadata unchanged since its last build: its files are taken from the sources, without pip');
            return app;
        }
    }
    const hash = createHash('sha256');
    hash.update(JSON.stringify([python.minor, python.pip, installer.name, installer.version, stripCredentials(indexArgs(plan).join(' '))]));
    for (const file of sources)
        hash.update(`${file.name}\0${file.executable ? 1 : 0}\0${file.data.length}\0`).update(file.data);
    const cached = plan.cacheDir ? path$1.join(plan.cacheDir, 'app', `${hash.digest('hex').slice(0, 40)}.whl`) : undefined;
    if (cached && existsSync(cached)) {
        logger.info('Project unchanged since its last build: reusing its wheel');
        return readWheel(cached);
    }
    const work = mkdtempSync(path$1.join(os$1.tmpdir(), 'spindrift-wheel-'));
    const wheelDir = path$1.join(work, 'wheel');
    try {
        const tree = cleanCopy(plan.projectDir, sources, path$1.join(work, 'src'));
        makeFolders(wheelDir);
        logger.info(`Building the project's wheel with ${installer.name}`);
        const run = await buildWheel(plan, python, installer, tree, wheelDir, logger);
        const wheels = readdirSync(wheelDir).filter(f => f.endsWith('.whl'));
        if (run.exitCode !== 0 || wheels.length !== 1) {
            const command = installer.name === 'uv' ? 'uv build --wheel .' : 'pip wheel .';
            throw new SpindriftError(`${installer.name} could not build the project in ${plan.projectDir}: ${pipTail(run)} Fix the project's pyproject.toml/setup.py so that "${command}" succeeds.`);
        }
        const built = path$1.join(wheelDir, wheels[0]);
        const app = readWheel(built);
        if (cached)
            keepWheel(built, cached, logger);
        const learnt = plan.cacheDir && recipe ? recipeFromBuild(app, sources) : undefined;
        if (plan.cacheDir && recipe && learnt)
            saveRecipe(plan.cacheDir, recipe, learnt);
        return app;
    }
    finally {
        rmSync(work, { recursive: true, force: true });
    }
}
/** Both build the wheel in an isolated environment with the project's build backend; uv makes it much faster. */
function buildWheel(plan, python, installer, tree, wheelDir, logger) {
    if (installer.name === 'pip')
        return runPip(python, ['wheel', '--no-deps', '--wheel-dir', wheelDir, ...indexArgs(plan), tree], logger);
    const args = ['build', '--wheel', '--out-dir', wheelDir, '--python', python.command, ...indexArgs(plan), tree];
    return runTool(installer.command[0], [...installer.command.slice(1), ...args], python.env, logger);
}
/**
 * The project's sources in a fresh folder: pip builds in place, and setuptools would reuse a stale build/
 * left in the user's tree (and write new ones there). .git is linked, not copied, for version-from-VCS builds.
 */
function cleanCopy(projectDir, sources, target) {
    for (const file of sources) {
        const destination = path$1.join(target, ...file.name.split('/'));
        makeFolders(path$1.dirname(destination));
        writeFileSync(destination, file.data, { mode: file.executable ? 0o755 : 0o644 });
    }
    makeFolders(target);
    const git = path$1.join(projectDir, '.git');
    if (existsSync(git))
        symlinkSync(git, path$1.join(target, '.git'));
    return target;
}
/** Copy a built wheel into the cache; a failure only costs a rebuild next time. */
function keepWheel(built, cached, logger) {
    const staging = `${cached}.${randomBytes(4).toString('hex')}.tmp`;
    try {
        makeFolders(path$1.dirname(cached));
        copyFileSync(built, staging);
        renameSync(staging, cached);
    }
    catch (error) {
        removeQuietly(staging);
        logger.warning(`Could not keep the project's wheel in ${path$1.dirname(cached)} (${error.message}); it will be rebuilt next time.`);
    }
}
/** A wheel's files as they land in site-packages (".data/purelib|platlib" unpacked; scripts and headers dropped). */
function readWheel(wheelPath) {
    const zip = new AdmZip(wheelPath);
    const files = [];
    let metadata = '';
    for (const entry of zip.getEntries()) {
        if (entry.isDirectory)
            continue;
        let name = entry.entryName;
        const data = entry.getData();
        if (/^[^/]+\.dist-info\/METADATA$/.test(name))
            metadata = data.toString('utf8');
        const dataDir = /^[^/]+\.data\/([^/]+)\/(.*)$/.exec(name);
        if (dataDir) {
            if (dataDir[1] !== 'purelib' && dataDir[1] !== 'platlib')
                continue;
            name = dataDir[2];
        }
        const mode = (entry.header.attr >>> 16) & 0o777;
        files.push({ name, data, executable: (mode & 0o111) !== 0 });
    }
    const declaredDependencies = metadata
        .split(/\r?\n/)
        .filter(line => line.startsWith('Requires-Dist:'))
        .map(line => line.slice('Requires-Dist:'.length).trim());
    return { files: withCanonicalRecord(files), declaredDependencies, source: 'wheel' };
}

/** The app stage: a plain folder's files as they are, or the files of the project's wheel. */
async function collectApp(plan, python, installer, logger) {
    const sources = walkFolder(plan.projectDir, new Set([path$1.resolve(plan.outputPath)]), plan.include);
    if (!hasPackagingMetadata(plan.projectDir))
        return { files: sources, declaredDependencies: [], source: 'folder' };
    return projectWheel(plan, python, installer, sources, logger);
}

/**
 * Just enough of the ELF format (System V gABI, ELF-64 object file format, GNU symbol versioning) to tell what
 * a shared object or executable needs from the system: its machine, its interpreter, the libraries it names
 * (DT_NEEDED) and the symbol versions it requires from them (DT_VERNEED: Elf64_Verneed / Elf64_Vernaux chains).
 *
 * Only headers and the few tables they point at are read, never a whole file. Every read is bounds-checked and
 * every chain is capped, so a truncated or corrupt file gives an ElfInfo with `error` set, not an exception
 * and not an endless loop. Only ELF64 little-endian files (everything Lambda runs) are read past the header;
 * for the others the class, byte order and machine are enough to refuse them.
 */
const EM_X86_64 = 62;
const EM_AARCH64 = 183;
const MACHINES = {
    2: 'sparc',
    3: 'i386',
    8: 'mips',
    20: 'ppc',
    21: 'ppc64',
    22: 's390x',
    40: 'arm',
    43: 'sparc64',
    50: 'ia64',
    62: 'x86_64',
    183: 'aarch64',
    243: 'riscv',
    258: 'loongarch'
};
function machineName(machine) {
    return MACHINES[machine] ?? `machine ${machine}`;
}
const PT_LOAD = 1;
const PT_DYNAMIC = 2;
const PT_INTERP = 3;
const SHT_DYNAMIC = 6;
const SHT_NOBITS = 8;
const SHT_GNU_VERNEED = 0x6ffffffe;
const DT_NULL = 0;
const DT_NEEDED = 1;
const DT_STRTAB = 5;
const DT_STRSZ = 10;
const DT_SONAME = 14;
const DT_VERNEED = 0x6ffffffe;
const DT_VERNEEDNUM = 0x6fffffff;
const PN_XNUM = 0xffff;
/** Caps on what a sane file has, so a corrupt count cannot make the reader spin. */
const MAX_DYNAMIC_ENTRIES = 1 << 16;
const MAX_VERNEED = 1 << 12;
const MAX_VERNAUX = 1 << 14;
const MAX_NAME = 4096;
/** A read outside the file or a value no valid file has: turned into ElfInfo.error by readElf. */
class Corrupt extends Error {
}
/** Little-endian ELF64 reads that throw Corrupt instead of RangeError, and offsets that stay safe integers. */
class Reader {
    data;
    constructor(data) {
        this.data = data;
    }
    check(offset, length, what) {
        if (!Number.isSafeInteger(offset) || offset < 0 || offset + length > this.data.length) {
            throw new Corrupt(`${what} past the end of the file`);
        }
    }
    u16(offset, what) {
        this.check(offset, 2, what);
        return this.data.readUInt16LE(offset);
    }
    u32(offset, what) {
        this.check(offset, 4, what);
        return this.data.readUInt32LE(offset);
    }
    /** A 64-bit field as a number; values past 2^53 are no offset or size in any real file. */
    u64(offset, what) {
        this.check(offset, 8, what);
        const value = this.data.readBigUInt64LE(offset);
        if (value > BigInt(Number.MAX_SAFE_INTEGER))
            throw new Corrupt(`${what} out of range`);
        return Number(value);
    }
    /** Check that [offset, offset + length) lies in the file. */
    span(offset, length, what) {
        if (!Number.isSafeInteger(length) || length < 0)
            throw new Corrupt(`${what} out of range`);
        this.check(offset, length, what);
    }
    /** A NUL-terminated string starting at offset that must end before `end`. */
    string(offset, end, what) {
        const limit = Math.min(end, this.data.length, offset + MAX_NAME);
        if (!Number.isSafeInteger(offset) || offset < 0 || offset >= limit)
            throw new Corrupt(`${what} past the end of its table`);
        const length = this.data.subarray(offset, limit).indexOf(0);
        if (length < 0)
            throw new Corrupt(`${what} is not terminated`);
        return this.data.toString('latin1', offset, offset + length);
    }
}
/** The ELF identification and header, then the dynamic information: undefined when data is not an ELF file. */
function readElf(data) {
    if (data.length < 4 || data[0] !== 0x7f || data[1] !== 0x45 || data[2] !== 0x4c || data[3] !== 0x46)
        return undefined;
    const info = {
        bits: data[4] === 1 ? 32 : 64,
        littleEndian: data[5] !== 2,
        osAbi: data[7] ?? 0,
        type: 0,
        machine: 0,
        machineName: '',
        neededLibraries: [],
        versionsNeeded: [],
        glibcVersionsNeeded: [],
        glibcxxVersionsNeeded: [],
        cxxabiVersionsNeeded: [],
    };
    if (data.length < 20) {
        info.machineName = machineName(0);
        info.error = 'truncated ELF header';
        return info;
    }
    info.type = info.littleEndian ? data.readUInt16LE(16) : data.readUInt16BE(16);
    info.machine = info.littleEndian ? data.readUInt16LE(18) : data.readUInt16BE(18);
    info.machineName = machineName(info.machine);
    if ((data[4] !== 1 && data[4] !== 2) || (data[5] !== 1 && data[5] !== 2)) {
        info.error = `unknown ELF class ${data[4]} or byte order ${data[5]}`;
        return info;
    }
    if (info.bits !== 64 || !info.littleEndian)
        return info;
    try {
        readElf64(new Reader(data), info);
    }
    catch (error) {
        info.error = error instanceof Corrupt ? error.message : `unreadable (internal: ${error.message})`;
    }
    return info;
}
function readElf64(r, info) {
    r.span(0, 64, 'ELF header');
    const phoff = r.u64(32, 'program header offset');
    const shoff = r.u64(40, 'section header offset');
    const phentsize = r.u16(54, 'ELF header');
    let phnum = r.u16(56, 'ELF header');
    const shentsize = r.u16(58, 'ELF header');
    let shnum = r.u16(60, 'ELF header');
    // Counts too large for the header live in section header 0 (sh_size for sections, sh_info for segments).
    if (shoff !== 0 && (shnum === 0 || phnum === PN_XNUM)) {
        if (shentsize < 64)
            throw new Corrupt('section header size too small');
        if (shnum === 0)
            shnum = r.u64(shoff + 32, 'section headers');
        if (phnum === PN_XNUM)
            phnum = r.u32(shoff + 44, 'section headers');
    }
    if (phnum && phentsize < 56)
        throw new Corrupt('program header size too small');
    if (shoff && shnum && shentsize < 64)
        throw new Corrupt('section header size too small');
    if (phnum)
        r.span(phoff, phnum * phentsize, 'program headers');
    // A file cut short almost always loses its section header table, which linkers put last.
    if (shoff && shnum)
        r.span(shoff, shnum * shentsize, 'section headers');
    const segments = [];
    for (let i = 0; i < phnum; i++) {
        const at = phoff + i * phentsize;
        const segment = { type: r.u32(at, 'program header'), offset: r.u64(at + 8, 'program header'), vaddr: r.u64(at + 16, 'program header'), filesz: r.u64(at + 32, 'program header') };
        if (segment.type === PT_LOAD || segment.type === PT_DYNAMIC || segment.type === PT_INTERP) {
            r.span(segment.offset, segment.filesz, segment.type === PT_LOAD ? 'a loadable segment' : 'a program header’s segment');
            segments.push(segment);
        }
    }
    const interp = segments.find(s => s.type === PT_INTERP);
    if (interp)
        info.interpreter = r.string(interp.offset, interp.offset + interp.filesz, 'interpreter name');
    const dynamicSegment = segments.find(s => s.type === PT_DYNAMIC);
    if (dynamicSegment) {
        fromProgramHeaders(r, info, segments, dynamicSegment);
        info.dynamicFrom = 'program headers';
    }
    else if (shoff && shnum && fromSectionHeaders(r, info, shoff, shnum, shentsize)) {
        info.dynamicFrom = 'section headers';
    }
    summarise(info);
}
/** The dynamic segment's entries: DT_NEEDED names and where the string and version-needs tables are. */
function dynamicEntries(r, offset, size) {
    const dynamic = { needed: [] };
    const count = Math.min(Math.floor(size / 16), MAX_DYNAMIC_ENTRIES);
    for (let i = 0; i < count; i++) {
        const at = offset + i * 16;
        // d_tag is signed, but every tag read here is a small positive number: compare the low and high words.
        const tagLow = r.u32(at, 'dynamic entry');
        const tagHigh = r.u32(at + 4, 'dynamic entry');
        if (tagHigh !== 0)
            continue;
        if (tagLow === DT_NULL)
            break;
        const read = () => r.u64(at + 8, 'dynamic entry');
        if (tagLow === DT_NEEDED)
            dynamic.needed.push(read());
        else if (tagLow === DT_STRTAB)
            dynamic.strtab = read();
        else if (tagLow === DT_STRSZ)
            dynamic.strsz = read();
        else if (tagLow === DT_SONAME)
            dynamic.soname = read();
        else if (tagLow === DT_VERNEED)
            dynamic.verneed = read();
        else if (tagLow === DT_VERNEEDNUM)
            dynamic.verneednum = read();
    }
    return dynamic;
}
/** A virtual address in the file, through the PT_LOAD segment that maps it. */
function fileOffset(segments, address, what) {
    for (const s of segments) {
        if (s.type === PT_LOAD && address >= s.vaddr && address < s.vaddr + s.filesz)
            return s.offset + (address - s.vaddr);
    }
    throw new Corrupt(`${what} address is in no loadable segment`);
}
function fromProgramHeaders(r, info, segments, dynamicSegment) {
    const dynamic = dynamicEntries(r, dynamicSegment.offset, dynamicSegment.filesz);
    if (dynamic.strtab === undefined) {
        if (dynamic.needed.length || dynamic.verneed !== undefined)
            throw new Corrupt('dynamic section has no string table');
        return;
    }
    const strtab = fileOffset(segments, dynamic.strtab, 'string table');
    // Without DT_STRSZ, a string may run to the end of the segment holding the table.
    const holder = segments.find(s => s.type === PT_LOAD && strtab >= s.offset && strtab < s.offset + s.filesz);
    const strEnd = dynamic.strsz !== undefined ? strtab + dynamic.strsz : holder ? holder.offset + holder.filesz : r.data.length;
    const name = (offset, what) => r.string(strtab + offset, strEnd, what);
    info.neededLibraries = dynamic.needed.map(offset => name(offset, 'needed library name'));
    if (dynamic.soname !== undefined)
        info.soname = name(dynamic.soname, 'soname');
    if (dynamic.verneed !== undefined) {
        const start = fileOffset(segments, dynamic.verneed, 'version needs');
        info.versionsNeeded = versionNeeds(r, start, dynamic.verneednum, name);
    }
}
/** Fallback for files with section headers but no PT_DYNAMIC (relocatable objects, odd linkers). */
function fromSectionHeaders(r, info, shoff, shnum, shentsize) {
    const count = Math.min(shnum, 1 << 16);
    const section = (index) => {
        if (index >= count)
            throw new Corrupt('section link out of range');
        const at = shoff + index * shentsize;
        const type = r.u32(at + 4, 'section header');
        const offset = r.u64(at + 24, 'section header');
        const size = r.u64(at + 32, 'section header');
        if (type !== SHT_NOBITS)
            r.span(offset, size, 'a section');
        return { type, offset, size, link: r.u32(at + 40, 'section header'), info: r.u32(at + 44, 'section header') };
    };
    let found = false;
    for (let i = 0; i < count; i++) {
        const s = section(i);
        if (s.type !== SHT_DYNAMIC && s.type !== SHT_GNU_VERNEED)
            continue;
        found = true;
        const strings = section(s.link);
        const name = (offset, what) => r.string(strings.offset + offset, strings.offset + strings.size, what);
        if (s.type === SHT_GNU_VERNEED) {
            info.versionsNeeded = versionNeeds(r, s.offset, s.info || undefined, name, s.offset + s.size);
        }
        else {
            const dynamic = dynamicEntries(r, s.offset, s.size);
            info.neededLibraries = dynamic.needed.map(offset => name(offset, 'needed library name'));
            if (dynamic.soname !== undefined)
                info.soname = name(dynamic.soname, 'soname');
        }
    }
    return found;
}
/**
 * Elf64_Verneed { vn_version u16, vn_cnt u16, vn_file u32, vn_aux u32, vn_next u32 } entries, each with vn_cnt
 * Elf64_Vernaux { vna_hash u32, vna_flags u16, vna_other u16, vna_name u32, vna_next u32 }. Offsets are relative
 * and unsigned, so chains only move forward; a zero next ends a chain whatever the count says.
 */
function versionNeeds(r, start, count, name, end = r.data.length) {
    const needs = [];
    let at = start;
    let auxTotal = 0;
    for (let i = 0; count === undefined || i < count; i++) {
        if (i >= MAX_VERNEED)
            throw new Corrupt('too many version needs');
        if (at + 16 > end)
            throw new Corrupt('version needs past the end of their table');
        const version = r.u16(at, 'version need');
        if (version !== 1)
            throw new Corrupt(`version need has unknown version ${version}`);
        const cnt = r.u16(at + 2, 'version need');
        const file = name(r.u32(at + 4, 'version need'), 'version need file name');
        const versions = [];
        let aux = at + r.u32(at + 8, 'version need');
        for (let j = 0; j < cnt; j++) {
            if (++auxTotal > MAX_VERNAUX)
                throw new Corrupt('too many needed versions');
            if (aux + 16 > end)
                throw new Corrupt('needed versions past the end of their table');
            versions.push(name(r.u32(aux + 8, 'needed version'), 'needed version name'));
            const next = r.u32(aux + 12, 'needed version');
            if (next === 0)
                break;
            aux += next;
        }
        needs.push({ file, versions });
        const next = r.u32(at + 12, 'version need');
        if (next === 0)
            break;
        at += next;
    }
    return needs;
}
function summarise(info) {
    const collect = (prefix) => {
        const pattern = new RegExp(`^${prefix}_(\\d+(?:\\.\\d+)+)$`);
        const found = new Set();
        for (const need of info.versionsNeeded) {
            for (const version of need.versions) {
                const match = pattern.exec(version);
                if (match)
                    found.add(match[1]);
            }
        }
        return [...found].sort(compareVersions);
    };
    // Only glibc defines GLIBC_x.y versions, whichever of its libraries (libc, libm, libpthread, ld-linux…)
    // a file names, so the name alone decides; GLIBC_PRIVATE has no number and is no requirement on a release.
    info.glibcVersionsNeeded = collect('GLIBC');
    info.glibcxxVersionsNeeded = collect('GLIBCXX');
    info.cxxabiVersionsNeeded = collect('CXXABI');
}
/** "2.3.4" vs "2.14": numeric, part by part. */
function compareVersions(a, b) {
    const x = a.split('.').map(Number);
    const y = b.split('.').map(Number);
    for (let i = 0; i < Math.max(x.length, y.length); i++) {
        const d = (x[i] ?? 0) - (y[i] ?? 0);
        if (d)
            return d;
    }
    return 0;
}

/** What the runtime's system libstdc++ defines, by Amazon Linux generation (AL2: GCC 7, AL2023: GCC 11). */
const LIBSTDCXX = {
    AL2: { gcc: 'GCC 7', glibcxx: '3.4.24', cxxabi: '1.3.11' },
    AL2023: { gcc: 'GCC 11', glibcxx: '3.4.29', cxxabi: '1.3.13' }
};
const TARGET_MACHINE = { x86_64: EM_X86_64, arm64: EM_AARCH64 };
const OS_ABIS = { 1: 'HP-UX', 2: 'NetBSD', 6: 'Solaris', 7: 'AIX', 9: 'FreeBSD', 12: 'OpenBSD' };
/** ELF, Mach-O (thin, either byte order, or universal) or PE by magic bytes; undefined for anything else. */
function binaryKind(data) {
    if (data.length < 4)
        return undefined;
    const magic = data.readUInt32BE(0);
    if (magic === 0x7f454c46)
        return 'elf';
    if ([0xfeedface, 0xfeedfacf, 0xcefaedfe, 0xcffaedfe].includes(magic))
        return 'macho';
    // Universal (fat) headers share 0xcafebabe with Java class files; an architecture count of 1…30 is Mach-O,
    // where a class file has its version (≥ 45) instead, as file(1) decides.
    if (magic === 0xcafebabe || magic === 0xcafebabf || magic === 0xbebafeca || magic === 0xbfbafeca) {
        if (data.length < 8)
            return undefined;
        const count = magic === 0xcafebabe || magic === 0xcafebabf ? data.readUInt32BE(4) : data.readUInt32LE(4);
        return count >= 1 && count <= 30 ? 'macho' : undefined;
    }
    if (data[0] === 0x4d && data[1] === 0x5a && data.length >= 0x40) {
        const pe = data.readUInt32LE(0x3c);
        if (pe + 4 <= data.length && data.readUInt32BE(pe) === 0x50450000)
            return 'pe';
    }
    return undefined;
}
/** Check every file; names are paths in the install tree, `ownerOf` names the distribution that installed each. */
function auditFiles(files, target, ownerOf) {
    const owner = typeof ownerOf === 'function' ? ownerOf : (name) => ownerOf?.get(name);
    const result = { binaries: 0, problems: [], notes: [] };
    const report = (list, file, problem) => {
        const distribution = owner(file);
        list.push(distribution === undefined ? { file, problem } : { file, distribution, problem });
    };
    const libstdcxx = LIBSTDCXX[compareVersions(target.glibc.join('.'), '2.26') <= 0 ? 'AL2' : 'AL2023'];
    const runtime = target.runtime ? `${target.runtime}'s` : "the target's";
    const ceiling = target.glibc.join('.');
    for (const { name, data } of files) {
        const kind = binaryKind(data);
        if (!kind)
            continue;
        result.binaries++;
        if (kind === 'macho') {
            report(result.problems, name, 'is a macOS (Mach-O) binary');
            continue;
        }
        if (kind === 'pe') {
            if (/\.exe$/i.test(name))
                report(result.notes, name, 'is a Windows (PE) executable, never run on Lambda');
            else
                report(result.problems, name, 'is a Windows (PE) binary');
            continue;
        }
        const elf = readElf(data);
        const problem = elfProblem(elf, name, target);
        if (problem) {
            report(result.problems, name, problem);
            continue;
        }
        const glibc = elf.glibcVersionsNeeded.at(-1);
        if (glibc && (!result.maxGlibc || compareVersions(glibc, result.maxGlibc) > 0))
            result.maxGlibc = glibc;
        if (glibc && compareVersions(glibc, ceiling) > 0) {
            report(result.problems, name, `needs GLIBC_${glibc}, newer than ${runtime} ${ceiling}`);
            continue;
        }
        // Only what the system's libstdc++.so.6 must define: a vendored copy has a hashed file name.
        const system = elf.versionsNeeded.filter(need => need.file === 'libstdc++.so.6').flatMap(need => need.versions);
        for (const [prefix, key, limit] of [
            ['GLIBCXX', 'maxGlibcxx', libstdcxx.glibcxx],
            ['CXXABI', 'maxCxxabi', libstdcxx.cxxabi]
        ]) {
            const newest = newestVersion(system, prefix);
            if (!newest)
                continue;
            if (!result[key] || compareVersions(newest, result[key]) > 0)
                result[key] = newest;
            if (compareVersions(newest, limit) > 0) {
                report(result.notes, name, `needs ${prefix}_${newest}, newer than the ${prefix}_${limit} of ${runtime} libstdc++ (${libstdcxx.gcc}); it loads only where a newer libstdc++ is present`);
            }
        }
    }
    return result;
}
/** The reason an ELF cannot run on the target, glibc aside (checked by the caller, which also tracks the maximum). */
function elfProblem(elf, name, target) {
    const wanted = target.architecture;
    if (elf.error)
        return `is a damaged ELF file (${elf.error})`;
    if (elf.bits !== 64)
        return `is a 32-bit ELF for ${elf.machineName}, not ${wanted}`;
    if (!elf.littleEndian)
        return `is a big-endian ELF for ${elf.machineName}, not ${wanted}`;
    if (elf.machine !== TARGET_MACHINE[wanted])
        return `is an ELF for ${elf.machineName}, not ${wanted}`;
    if (elf.osAbi !== 0 && elf.osAbi !== 3)
        return `is an ELF for ${OS_ABIS[elf.osAbi] ?? `OS/ABI ${elf.osAbi}`}, not Linux`;
    if (isMusl(elf, name))
        return 'is linked against musl libc';
    return undefined;
}
/**
 * musllinux wheels: an extension module links plain "libc.so" (musl's libc has no versioned soname; glibc's is
 * libc.so.6), Alpine executables may name libc.musl-<arch>.so.1, and executables ask for /lib/ld-musl-<arch>.so.1.
 * CPython's extension suffix says so too ("….cpython-311-x86_64-linux-musl.so"), for modules that link no libc.
 */
function isMusl(elf, name) {
    return (elf.neededLibraries.some(lib => lib === 'libc.so' || /^libc\.musl-.+\.so\.1$/.test(lib) || /^ld-musl-.+\.so\.1$/.test(lib)) ||
        /(^|\/)ld-musl-/.test(elf.interpreter ?? '') ||
        /-linux-musl\w*\.so$/.test(name));
}
function newestVersion(versions, prefix) {
    let newest;
    for (const version of versions) {
        const match = new RegExp(`^${prefix}_(\\d+(?:\\.\\d+)+)$`).exec(version);
        if (match && (!newest || compareVersions(match[1], newest) > 0))
            newest = match[1];
    }
    return newest;
}
/**
 * File path → distribution name, from every `<name>-<version>.dist-info/RECORD` among files. RECORD is CSV
 * (path,hash,size) with paths relative to the folder holding the dist-info; a path with a comma or quote is
 * quoted. Paths leaving that folder (console scripts: "../../bin/x") are skipped.
 */
function ownersFromRecords(files) {
    const owners = new Map();
    for (const file of files) {
        const match = /^((?:.*\/)?)([^/]+)-[^/-]+\.dist-info\/RECORD$/.exec(file.name);
        if (!match)
            continue;
        const [, root, distribution] = match;
        for (const line of file.data.toString('utf8').split('\n')) {
            const listed = firstCsvField(line.replace(/\r$/, ''));
            if (!listed)
                continue;
            const normalised = path$1.posix.normalize(listed.replace(/\\/g, '/'));
            if (normalised.startsWith('../') || normalised === '..' || normalised.startsWith('/'))
                continue;
            owners.set(root + normalised, distribution);
        }
    }
    return owners;
}
function firstCsvField(line) {
    if (!line.startsWith('"')) {
        const comma = line.indexOf(',');
        return comma < 0 ? line : line.slice(0, comma);
    }
    let field = '';
    for (let i = 1; i < line.length; i++) {
        if (line[i] !== '"')
            field += line[i];
        else if (line[i + 1] === '"') {
            field += '"';
            i++;
        }
        else
            break;
    }
    return field;
}

/**
 * Every binary must run on the target: ELF for its machine, glibc symbol versions within the runtime's, no
 * macOS, Windows or musl builds. Any problem stops the build, naming the files and their packages.
 */
function checkBinaries(target, files, what, logger) {
    const audit = auditFiles(files, { architecture: target.architecture, glibc: target.runtime.glibc, runtime: target.runtime.name }, ownersFromRecords(files));
    for (const note of audit.notes.slice(0, 5))
        logger.warning(`${note.file}${note.distribution ? ` (${note.distribution})` : ''} ${note.problem}`);
    if (audit.problems.length > 0) {
        const shown = audit.problems
            .slice(0, 5)
            .map(p => `${p.file}${p.distribution ? ` (from ${p.distribution})` : ''} ${p.problem}`)
            .join('; ');
        const more = audit.problems.length > 5 ? ` and ${audit.problems.length - 5} more` : '';
        throw new SpindriftError(`The ${what} hold binaries that cannot run on ${target.runtime.name} ${target.architecture}: ${shown}${more}; pin versions that publish manylinux wheels for this runtime (glibc ${target.runtime.glibc.join('.')}) and architecture.`);
    }
    return audit;
}

/** The shim owns index.py, and each entry module must be somewhere in the zip (app files or dependencies). */
function checkContents(app, projectDir, dependencyNames, appNames) {
    if (appNames.includes('index.py')) {
        throw new SpindriftError(`The project in ${projectDir} has its own index.py at its root, which spindrift's handler shim (index.handler) must replace; rename that module and point package.entry at the new name.`);
    }
    const names = [...dependencyNames, ...appNames];
    const entries = [['package.entry', app.entry.module], ['package.events-entry', app.eventsEntry?.module]];
    for (const [setting, module] of entries) {
        if (!module)
            continue;
        const base = module.replace(/\./g, '/');
        const found = names.some(n => n === `${base}.py` || n.startsWith(`${base}/`) || (n.startsWith(`${base}.`) && /\.so$/.test(n)));
        if (!found) {
            throw new SpindriftError(`${setting} names module "${module}", but neither ${base}.py nor ${base}/__init__.py is in the package built from ${projectDir}; fix ${setting} or package.path.`);
        }
    }
}

/**
 * Import index.py (and so the entry) from the assembled zip in an isolated interpreter, as Lambda's init phase
 * will: a missing dependency fails the build instead of the first request.
 */
async function importCheck(target, python, archive) {
    const machine = WHEEL_ARCH[target.architecture];
    if (python.minor !== target.runtime.pythonVersion || python.machine !== machine) {
        throw new SpindriftError(`package.import-check needs Python ${target.runtime.pythonVersion} on ${machine} to import the package as ${target.runtime.name} would, but ${python.command} is Python ${python.minor} on ${python.machine}; run spindrift on a matching runner or turn package.import-check off.`);
    }
    const dir = mkdtempSync(path$1.join(os$1.tmpdir(), 'spindrift-import-'));
    try {
        new AdmZip(archive).extractAllTo(dir, true);
        const script = 'import sys; sys.path.insert(0, sys.argv[1]); import index';
        const run = await getExecOutput(python.command, ['-S', '-E', '-c', script, dir], {
            silent: true,
            ignoreReturnCode: true,
            cwd: dir,
            env: { PATH: python.env.PATH ?? '', LANG: 'C.UTF-8', LAMBDA_TASK_ROOT: dir, AWS_REGION: 'us-east-1', AWS_DEFAULT_REGION: 'us-east-1' }
        });
        if (run.exitCode !== 0) {
            const last = run.stderr.trim().split('\n').filter(Boolean).pop() ?? `exit code ${run.exitCode}`;
            throw new SpindriftError(`The package fails to import as ${target.runtime.name} would load it (${last}); add the missing dependency to the project or its requirements, or fix the entry.`);
        }
    }
    finally {
        rmSync(dir, { recursive: true, force: true });
    }
}

/** Lambda's limits: 50 MB for a zip uploaded directly, 262,144,000 bytes unzipped (layers included). */
const ZIPPED_LIMIT = 50 * 1024 * 1024;
const UNZIPPED_LIMIT = 262_144_000;
/** Over the unzipped limit stops the build; over the direct-upload limit is a warning. Both name the largest parts. */
function checkSize(runtimeName, zipped, unzipped, parts, logger) {
    const largest = () => [...parts]
        .sort((a, b) => b.size - a.size)
        .slice(0, 10)
        .map(p => `${p.name}${p.version ? ' ' + p.version : ''} ${megabytes(p.size)}`)
        .join(', ');
    if (unzipped > UNZIPPED_LIMIT) {
        throw new SpindriftError(`The package unzips to ${megabytes(unzipped)}, over Lambda's limit of 250 MB (${UNZIPPED_LIMIT} bytes), so ${runtimeName} cannot run it; the largest parts are ${largest()}: drop or slim dependencies, or use a container image.`);
    }
    if (zipped > ZIPPED_LIMIT) {
        logger.warning(`The zip is ${megabytes(zipped)}, over the 50 MB limit for direct upload: deploy it through S3. The largest parts are ${largest()}.`);
    }
}
function megabytes(bytes) {
    return `${(bytes / (1024 * 1024)).toFixed(1)} MB`;
}

const stderrLogger = (verbose = false) => ({
    info: message => process.stderr.write(`${message}\n`),
    warning: message => process.stderr.write(`warning: ${message}\n`),
    debug: message => {
        if (verbose)
            process.stderr.write(`${message}\n`);
    },
    group: async (title, work) => {
        if (verbose)
            process.stderr.write(`── ${title}\n`);
        return work();
    }
});
/** The library's default: only warnings, so a build script's own output stays clean. */
const quietLogger = { ...stderrLogger(false), info: () => { } };
/**
 * A logger that keeps its messages for later: work running alongside another stage writes here, and its lines
 * are replayed in one piece afterwards, so the two stages' output (and the action's log groups) never interleave.
 */
function bufferedLogger() {
    const kept = [];
    const logger = {
        info: message => kept.push(['info', message]),
        warning: message => kept.push(['warning', message]),
        debug: message => kept.push(['debug', message]),
        group: (_title, work) => work()
    };
    return {
        logger,
        replayTo: target => {
            for (const [kind, message] of kept.splice(0))
                target[kind](message);
        }
    };
}

const STORED = 0;
const DEFLATED = 8;
/** zlib's default, the level Info-ZIP uses too. */
const LEVEL = 6;
/** Zip "version made by": Unix host (3), so unzip and Lambda honour the stored modes; spec version 2.0. */
const MADE_BY_UNIX = (3 << 8) | 20;
const FILE_MODE = 0o100644;
const EXEC_MODE = 0o100755;
/** Bit 11 of the general-purpose flags: the name is UTF-8. */
const UTF8_NAME = 0x0800;
/** Files this small are deflated on the main thread between dispatches: a pool round trip costs more than they do. */
const SMALL_FILE = 16 * 1024;
/** Compress at most this many bytes on the main thread before letting finished pool jobs hand over their results. */
const MAIN_THREAD_SLICE = 128 * 1024;
/**
 * Larger files are deflated in pieces of this size, in parallel, as pigz does: each piece is primed with the
 * 32 KiB before it as its dictionary and ends on a sync flush, so the pieces join into one valid deflate
 * stream that is as small as a whole one. The piece size is fixed, so the bytes depend only on the file.
 */
const PIECE = 1024 * 1024;
const WINDOW = 32 * 1024;
/** A file's entry: deflated, or stored when deflate does not make it smaller (empty files, compressed data). */
function packedFrom(source, deflated) {
    const stored = deflated.length >= source.data.length;
    return {
        name: source.name,
        method: stored ? STORED : DEFLATED,
        crc: checksum(source.data),
        size: source.data.length,
        compressed: stored ? source.data : deflated,
        executable: source.executable ?? false
    };
}
/** zlib's native CRC-32; read from the module object, so an older Node fails here with a sentence, not at load. */
function checksum(data) {
    if (typeof zlib.crc32 !== 'function')
        throw new SpindriftError(`spindrift needs Node.js 20.15 or newer (for zlib.crc32), but this is Node.js ${process.version}; upgrade Node.`);
    return zlib.crc32(data);
}
function deflatePiece(data, { start, end }) {
    // An output buffer the piece surely fits in: with zlib's default (16 KiB) every full buffer is a round trip
    // through the main thread, which stalls the pool whenever the main thread is busy.
    const options = { level: LEVEL, chunkSize: end - start + 64 * 1024 };
    if (start > 0)
        options.dictionary = data.subarray(Math.max(0, start - WINDOW), start);
    if (end < data.length)
        options.finishFlush = constants$1.Z_SYNC_FLUSH;
    return new Promise((resolve, reject) => deflateRaw(data.subarray(start, end), options, (error, result) => (error ? reject(error) : resolve(result))));
}
function piecesOf(sources) {
    const pieces = [];
    sources.forEach((source, i) => {
        const size = source.data.length;
        if (size <= SMALL_FILE)
            return;
        for (let start = 0, index = 0; start < size; start += PIECE, index++)
            pieces.push({ source: i, index, start, end: Math.min(size, start + PIECE) });
    });
    // Largest first, so the last job to finish is a short one.
    return pieces.sort((a, b) => b.end - b.start - (a.end - a.start));
}
/**
 * Compress the sources, in their order. Large files go to libuv's thread pool in pieces, a few at a time (each
 * zlib stream holds about 300 KB of state, so dispatching thousands at once would cost gigabytes); the main
 * thread meanwhile deflates the small ones, in slices, so the pool is refilled as soon as a job finishes.
 */
async function packSources(sources) {
    const packed = new Array(sources.length);
    const pieces = piecesOf(sources);
    const deflated = new Map();
    let next = 0;
    const poolWorker = async () => {
        while (next < pieces.length) {
            const piece = pieces[next++];
            const parts = deflated.get(piece.source) ?? [];
            deflated.set(piece.source, parts);
            parts[piece.index] = await deflatePiece(sources[piece.source].data, piece);
        }
    };
    const mainThreadWorker = async () => {
        let sliceBytes = 0;
        for (let i = 0; i < sources.length; i++) {
            if (sources[i].data.length > SMALL_FILE)
                continue;
            packed[i] = packedFrom(sources[i], deflateRawSync(sources[i].data, { level: LEVEL }));
            sliceBytes += sources[i].data.length;
            if (sliceBytes >= MAIN_THREAD_SLICE) {
                sliceBytes = 0;
                await new Promise(resolve => setImmediate(resolve));
            }
        }
    };
    await Promise.all([mainThreadWorker(), ...Array.from({ length: poolJobs() }, poolWorker)]);
    for (const [i, parts] of deflated)
        packed[i] = packedFrom(sources[i], parts.length === 1 ? parts[0] : Buffer.concat(parts));
    return packed;
}
/**
 * One job per thread of libuv's pool (UV_THREADPOOL_SIZE, 4 by default), even with fewer cores: measured on 2
 * cores, 4 jobs beat 2, because a pool thread whose job ends while the main thread is busy would otherwise wait.
 */
function poolJobs() {
    return Math.max(1, Number(process.env.UV_THREADPOOL_SIZE) || 4);
}
/** The entries of a zip as they are stored: compressed bytes are sliced from it, never inflated. */
function packedEntriesOf(zip) {
    return new AdmZip(zip, { noSort: true }).getEntries().map(entry => {
        const { method, crc, size, attr } = entry.header;
        if (method !== STORED && method !== DEFLATED)
            throw new SpindriftError(`The zip entry ${entry.entryName} uses compression method ${method}; only stored and deflated entries can be copied.`);
        return { name: entry.entryName, method, crc, size, compressed: entry.getCompressedData(), executable: ((attr >>> 16) & 0o111) !== 0 };
    });
}
/**
 * The run of fields a local header (from byte 4) and a central directory header (from byte 6) share: version
 * needed, flags, method, DOS time and date, CRC-32, compressed and uncompressed size, name length. The extra
 * field length that follows stays 0.
 */
function writeSharedFields(header, at, entry, { version, flags, timeval, nameLength }) {
    header.writeUInt16LE(version, at);
    header.writeUInt16LE(flags, at + 2);
    header.writeUInt16LE(entry.method, at + 4);
    header.writeUInt32LE(timeval >>> 0, at + 6);
    header.writeUInt32LE(entry.crc >>> 0, at + 10);
    header.writeUInt32LE(entry.compressed.length, at + 14);
    header.writeUInt32LE(entry.size, at + 18);
    header.writeUInt16LE(nameLength, at + 22);
}
/**
 * The zip's bytes: entries in the order given, each with the same timestamp, Unix "made by", mode 0644 or
 * 0755 and no extra fields, so the output depends on nothing but the entries. Zip64 is never needed for a
 * Lambda package (250 MB unzipped at most), so sizes past the classic format's limits are refused.
 */
function writeEntries(entries, timeval) {
    if (entries.length > 0xffff)
        throw new SpindriftError(`The package has ${entries.length} files, more than a zip without Zip64 can hold (65,535); exclude files with package.exclude.`);
    const parts = [];
    const central = [];
    let offset = 0;
    for (const entry of entries) {
        const name = Buffer.from(entry.name, 'utf8');
        const flags = name.length === entry.name.length ? 0 : UTF8_NAME;
        const version = entry.method === DEFLATED ? 20 : 10;
        const local = Buffer.alloc(30);
        local.writeUInt32LE(0x04034b50, 0);
        writeSharedFields(local, 4, entry, { version, flags, timeval, nameLength: name.length });
        parts.push(local, name, entry.compressed);
        const header = Buffer.alloc(46);
        header.writeUInt32LE(0x02014b50, 0);
        header.writeUInt16LE(MADE_BY_UNIX, 4);
        writeSharedFields(header, 6, entry, { version, flags, timeval, nameLength: name.length });
        header.writeUInt32LE(((entry.executable ? EXEC_MODE : FILE_MODE) << 16) >>> 0, 38);
        header.writeUInt32LE(offset, 42);
        central.push(header, name);
        offset += local.length + name.length + entry.compressed.length;
        if (offset > 0xffffffff)
            throw new SpindriftError('The zip would be over 4 GiB, which a zip without Zip64 cannot hold and Lambda would never accept; exclude files with package.exclude.');
    }
    const centralSize = central.reduce((total, part) => total + part.length, 0);
    const end = Buffer.alloc(22);
    end.writeUInt32LE(0x06054b50, 0);
    end.writeUInt16LE(entries.length, 8);
    end.writeUInt16LE(entries.length, 10);
    end.writeUInt32LE(centralSize, 12);
    end.writeUInt32LE(offset, 16);
    return Buffer.concat([...parts, ...central, end]);
}

/**
 * DOS date/time for every entry: SOURCE_DATE_EPOCH when set, else 1980-01-01 00:00. Computed from UTC
 * fields: a Date's local fields would make the bytes depend on the machine's time zone.
 */
function dosTimestamp(env = process.env) {
    const epoch = Number(env.SOURCE_DATE_EPOCH);
    const date = Number.isFinite(epoch) && env.SOURCE_DATE_EPOCH ? new Date(epoch * 1000) : new Date(Date.UTC(1980, 0, 1));
    const year = Math.min(Math.max(date.getUTCFullYear(), 1980), 2107);
    const day = ((year - 1980) << 9) | ((date.getUTCMonth() + 1) << 5) | date.getUTCDate();
    const time = (date.getUTCHours() << 11) | (date.getUTCMinutes() << 5) | Math.floor(date.getUTCSeconds() / 2);
    return ((day << 16) | time) >>> 0;
}
/** A deterministic zip of the sources, in byte order of their names; with its entries, for merging later. */
async function buildZip(sources, timeval = dosTimestamp()) {
    const entries = await packInOrder(sources);
    return { zip: writeEntries(entries, timeval), entries };
}
function packInOrder(sources) {
    const sorted = [...sources].sort((a, b) => compareNames(a.name, b.name));
    for (const source of sorted)
        checkEntryName(source.name);
    return packSources(sorted);
}
/**
 * The layer's entries with more sources merged in, all in byte order of their names; a source replaces a layer
 * entry of the same name. Layer entries are copied as compressed bytes, never recompressed, and take this
 * run's timestamp like every other entry.
 */
async function mergeIntoZip(layer, sources, timeval = dosTimestamp()) {
    const added = await packInOrder(sources);
    const replaced = new Set(added.map(entry => entry.name));
    const merged = [...layer.filter(entry => !replaced.has(entry.name)), ...added].sort((a, b) => compareNames(a.name, b.name));
    return writeEntries(merged, timeval);
}
/** Entry names are relative, forward-slashed and never climb out of the extraction folder. */
function checkEntryName(name) {
    if (!name || name.startsWith('/') || name.includes('\\') || name.split('/').some(part => part === '..' || part === '')) {
        throw new SpindriftError(`Refusing to store "${name}" in the zip: entry names must be relative paths inside the package.`);
    }
}

/**
 * What the installer reads on its own besides our arguments: configuration files and environment variables.
 * An index URL, find-links or a constraint set there changes what gets installed without changing anything
 * spindrift passes, so all of it is part of the cache key. Files count by level and content hash (not path),
 * so runners with other home folders share keys; credentials in variables are stripped.
 */
function installerSettings(installer, projectDir, prefix, env) {
    return [...environmentSettings(env), ...(installer === 'pip' ? pipConfigFiles(prefix, env) : uvConfigFiles(projectDir, env))];
}
/** pip and uv variables that cannot change which files are installed: output, network and cache tuning. */
const INERT = new Set([
    'PIP_DEFAULT_TIMEOUT', 'PIP_TIMEOUT', 'PIP_RETRIES', 'PIP_DISABLE_PIP_VERSION_CHECK', 'PIP_CERT', 'PIP_CLIENT_CERT',
    'PIP_NO_COLOR', 'PIP_PROGRESS_BAR', 'PIP_ROOT_USER_ACTION', 'PIP_CACHE_DIR', 'PIP_NO_CACHE_DIR', 'PIP_VERBOSE',
    'PIP_QUIET', 'PIP_LOG', 'PIP_NO_INPUT', 'PIP_PROXY', 'PIP_TRUSTED_HOST', 'PIP_KEYRING_PROVIDER', 'PIP_USE_DEPRECATED',
    'UV_CACHE_DIR', 'UV_NO_CACHE', 'UV_NO_PROGRESS', 'UV_HTTP_TIMEOUT', 'UV_CONCURRENT_DOWNLOADS', 'UV_CONCURRENT_INSTALLS',
    'UV_CONCURRENT_BUILDS', 'UV_NATIVE_TLS', 'UV_LINK_MODE', 'UV_COMPILE_BYTECODE', 'UV_PYTHON_DOWNLOADS', 'UV_NO_WRAP'
]);
/** Every PIP_* and UV_* variable except the inert ones: an unknown one is assumed to matter. */
function environmentSettings(env) {
    return Object.keys(env)
        .filter(name => /^(PIP|UV)_/.test(name) && !INERT.has(name) && env[name])
        .sort()
        .map(name => `${name}=${stripCredentials(env[name])}`);
}
function home(env) {
    return env.HOME || os$1.homedir();
}
function configDirs(env) {
    return (env.XDG_CONFIG_DIRS || '/etc/xdg').split(':').filter(Boolean);
}
function userConfigDir(env) {
    return env.XDG_CONFIG_HOME || path$1.join(home(env), '.config');
}
/** pip's files, in the order it loads them (pip's configuration docs): the variable's, global, user, site. */
function pipConfigFiles(prefix, env) {
    const named = env.PIP_CONFIG_FILE;
    // os.devnull turns every configuration file off.
    if (named === '/dev/null')
        return [];
    const files = [
        ['PIP_CONFIG_FILE', named],
        ...configDirs(env).map((dir) => ['global', path$1.join(dir, 'pip', 'pip.conf')]),
        ['global', '/etc/pip.conf'],
        ['user', path$1.join(home(env), '.pip', 'pip.conf')],
        ['user', path$1.join(userConfigDir(env), 'pip', 'pip.conf')],
        ['site', prefix && path$1.join(prefix, 'pip.conf')]
    ];
    return hashed(files);
}
/** uv's files: the variable's, system, user, and uv.toml or [tool.uv] in the project folder and its parents. */
function uvConfigFiles(projectDir, env) {
    if (env.UV_NO_CONFIG)
        return [];
    const files = [
        ['UV_CONFIG_FILE', env.UV_CONFIG_FILE],
        ...configDirs(env).map((dir) => ['system', path$1.join(dir, 'uv', 'uv.toml')]),
        ['system', '/etc/uv/uv.toml'],
        ['user', path$1.join(userConfigDir(env), 'uv', 'uv.toml')]
    ];
    const found = hashed(files);
    for (let dir = path$1.resolve(projectDir);; dir = path$1.dirname(dir)) {
        found.push(...hashed([['project', path$1.join(dir, 'uv.toml')]]));
        const pyproject = path$1.join(dir, 'pyproject.toml');
        const section = existsSync(pyproject) ? uvSections(readFileSync(pyproject, 'utf8')) : '';
        if (section)
            found.push(`project [tool.uv]:${digest(Buffer.from(section))}`);
        if (path$1.dirname(dir) === dir)
            break;
    }
    return found;
}
/** The [tool.uv] tables of a pyproject.toml, verbatim: the rest (the version, the description) is not uv's. */
function uvSections(toml) {
    const kept = [];
    let inUv = false;
    for (const line of toml.split(/\r?\n/)) {
        const header = /^\s*\[\[?\s*([^\]]+?)\s*\]\]?/.exec(line);
        if (header)
            inUv = /^tool\.uv(\.|$)/.test(header[1].replace(/\s+/g, ''));
        if (inUv)
            kept.push(line);
    }
    return kept.join('\n');
}
function hashed(files) {
    const found = [];
    for (const [level, file] of files) {
        if (!file)
            continue;
        let data;
        try {
            data = readFileSync(file);
        }
        catch {
            continue;
        }
        found.push(`${level}:${digest(data)}`);
    }
    return found;
}
function digest(data) {
    return createHash('sha256').update(data).digest('hex').slice(0, 16);
}

/** Bump when the layer's contents or manifest change shape: old entries then simply stop matching. 2: our own zip writer, uv's .lock left out. */
const CACHE_FORMAT = 2;
/**
 * The cache key: everything that decides which files pip installs. Credentials are stripped; the set of
 * requirements is hashed so the key stays short and safe for @actions/cache (no commas, ≤ 512 characters).
 */
function cacheKey(plan, python, installer, requirements, env) {
    const hashed = {
        requirements: requirements.normalised,
        tags: plan.platformTags,
        indexUrl: plan.indexUrl ? stripCredentials(plan.indexUrl) : null,
        extraIndexUrls: plan.extraIndexUrls.map(stripCredentials),
        // pip and uv also read their own configuration files and variables.
        installerSettings: installerSettings(installer.name, plan.projectDir, python.prefix, env),
        trim: [plan.exclude, plan.stripTests, plan.skipRuntimeProvided, plan.compile],
        // pip evaluates environment markers for the interpreter running it, so its version and machine matter.
        interpreter: [python.minor, python.machine]
    };
    const digest = createHash('sha256').update(JSON.stringify(hashed)).digest('hex').slice(0, 40);
    const [major, minor] = plan.runtime.glibc;
    return `spindrift-deps-v${CACHE_FORMAT}-${plan.runtime.name}-${plan.architecture}-glibc${major}.${minor}-${installer.name}${installer.version}-${digest}`;
}
function describeLayer(key, zip, files) {
    return {
        format: CACHE_FORMAT,
        key,
        zipSha256: sha256(zip),
        uncompressedSize: files.reduce((sum, f) => sum + f.data.length, 0),
        files: files.map(f => ({ name: f.name, size: f.data.length, sha256: sha256(f.data) })),
        distributions: distributionsOf(files)
    };
}
/** Each *.dist-info's name, version and the summed size of the files its RECORD lists. */
function distributionsOf(files) {
    const sizes = new Map(files.map(f => [f.name, f.data.length]));
    const distributions = [];
    for (const file of files) {
        const match = /^([^/]+)-([^/-]+)\.dist-info\/RECORD$/.exec(file.name);
        if (!match)
            continue;
        let size = 0;
        for (const line of file.data.toString('utf8').split('\n')) {
            const listed = line.split(',')[0];
            size += sizes.get(listed) ?? 0;
        }
        distributions.push({ name: match[1], version: match[2], size });
    }
    return distributions.sort((a, b) => b.size - a.size || compareNames(a.name, b.name));
}
/** Layers kept as <cacheDir>/deps/<key>/{deps.zip,manifest.json}; the folder the action saves and restores. */
class LayerStore {
    cacheDir;
    logger;
    constructor(cacheDir, logger) {
        this.cacheDir = cacheDir;
        this.logger = logger;
    }
    folder(key) {
        return path$1.join(this.cacheDir, 'deps', key);
    }
    has(key) {
        return existsSync(path$1.join(this.folder(key), 'manifest.json'));
    }
    /** The stored layer, if there is one and it matches its manifest; a damaged one is removed and reported. */
    get(key) {
        const folder = this.folder(key);
        if (!this.has(key))
            return undefined;
        try {
            const manifest = JSON.parse(readFileSync(path$1.join(folder, 'manifest.json'), 'utf8'));
            const zip = readFileSync(path$1.join(folder, 'deps.zip'));
            const checked = verifyLayer(key, zip, manifest);
            // Parsed once: the zip stage copies these entries' compressed bytes as they are.
            if (typeof checked !== 'string')
                return { zip, entries: checked.entries, manifest };
            this.logger.warning(`Ignoring the cached dependency layer ${key}: ${checked}; reinstalling.`);
        }
        catch (error) {
            this.logger.warning(`Ignoring the cached dependency layer ${key}: it cannot be read (${error.message}); reinstalling.`);
        }
        removeQuietly(folder);
        return undefined;
    }
    /** Store a layer; true when it is now in the store. A failure only costs speed next time: a warning. */
    put(layer) {
        const folder = this.folder(layer.manifest.key);
        const staging = `${folder}.${process.pid}.${randomBytes(4).toString('hex')}.tmp`;
        try {
            makeFolders(staging);
            writeFileSync(path$1.join(staging, 'deps.zip'), layer.zip);
            writeFileSync(path$1.join(staging, 'manifest.json'), JSON.stringify(layer.manifest));
            // Another run may have stored the same key meanwhile: theirs is equally good, keep it.
            if (existsSync(folder))
                rmSync(staging, { recursive: true, force: true });
            else
                renameSync(staging, folder);
            return true;
        }
        catch (error) {
            removeQuietly(staging);
            this.logger.warning(`Could not save the dependency layer to ${this.cacheDir} (${error.message}); the next run will reinstall.`);
            return false;
        }
    }
}
/** Why a layer does not match its manifest, or its entries when it does. */
function verifyLayer(key, zip, manifest) {
    if (manifest.format !== CACHE_FORMAT || manifest.key !== key)
        return 'its manifest is for another key or format';
    if (sha256(zip) !== manifest.zipSha256)
        return 'deps.zip does not match the hash in its manifest';
    const entries = packedEntriesOf(zip);
    if (entries.length !== manifest.files.length)
        return 'deps.zip holds a different number of files than its manifest';
    for (let i = 0; i < entries.length; i++) {
        const listed = manifest.files[i];
        if (entries[i].name !== listed.name || entries[i].size !== listed.size)
            return `deps.zip entry ${entries[i].name} does not match its manifest`;
    }
    return { entries };
}
function sha256(data) {
    return createHash('sha256').update(data).digest('hex');
}

/** Bytecode is only valid for the exact minor version that wrote it: anything else would be ignored or worse. */
function checkCompiler(target, python) {
    if (python.minor !== target.runtime.pythonVersion) {
        throw new SpindriftError(`package.compile needs Python ${target.runtime.pythonVersion} to write bytecode for ${target.runtime.name}, but ${python.command} is Python ${python.minor}; run spindrift with Python ${target.runtime.pythonVersion} (for example actions/setup-python) or turn package.compile off.`);
    }
}
/**
 * Add __pycache__/*.pyc for every .py file. unchecked-hash pycs carry no timestamp, and file names are recorded
 * as Lambda will see them (/var/task/…), so the bytes do not depend on this machine's paths or clocks.
 */
async function compileFiles(target, python, files, logger) {
    checkCompiler(target, python);
    const dir = mkdtempSync(path$1.join(os$1.tmpdir(), 'spindrift-compile-'));
    try {
        for (const file of files) {
            const destination = path$1.join(dir, ...file.name.split('/'));
            makeFolders(path$1.dirname(destination));
            writeFileSync(destination, file.data);
        }
        const run = await runTool(python.command, ['-m', 'compileall', '-q', '-j', '1', '--invalidation-mode', 'unchecked-hash', '-s', dir, '-p', '/var/task', dir], { ...python.env, SOURCE_DATE_EPOCH: '315532800', PYTHONHASHSEED: '0' }, logger);
        // compileall exits 1 when a file does not compile (e.g. Python 2 code in a dependency): keep what did.
        if (run.exitCode > 1)
            throw new SpindriftError(`Byte-compiling with ${python.command} failed: ${run.stderr.trim().split('\n').pop()}; turn package.compile off.`);
        const compiled = [];
        const walk = (folder, prefix) => {
            for (const name of readdirSync(folder)) {
                const full = path$1.join(folder, name);
                const rel = `${prefix}${name}`;
                if (statSync(full).isDirectory())
                    walk(full, `${rel}/`);
                else if (name.endsWith('.pyc'))
                    compiled.push({ name: rel, data: readFileSync(full) });
            }
        };
        walk(dir, '');
        return [...files, ...compiled];
    }
    finally {
        rmSync(dir, { recursive: true, force: true });
    }
}

/**
 * pip evaluates environment markers for the interpreter running it, not for --python-version/--platform.
 * When that interpreter is not the target's, every marker met while resolving is evaluated for both: if none
 * decides differently, the installed set is the one Lambda would get; otherwise the build stops.
 */
function interpreterMatches(target, python) {
    return python.minor === target.runtime.pythonVersion && python.machine === WHEEL_ARCH[target.architecture];
}
/** Every requirement string pip saw: the top-level ones and each installed distribution's Requires-Dist. */
function requirementsSeen(topLevel, installed) {
    const lines = [...topLevel];
    for (const file of installed) {
        if (!/^[^/]+\.dist-info\/METADATA$/.test(file.name))
            continue;
        for (const line of file.data.toString('utf8').split(/\r?\n/)) {
            if (line === '')
                break; // the headers end at the first blank line; the description follows
            if (line.startsWith('Requires-Dist:'))
                lines.push(line.slice('Requires-Dist:'.length).trim());
        }
    }
    return [...new Set(lines)];
}
// Evaluates each requirement's marker for this interpreter and for the Lambda target, with pip's own
// vendored `packaging`. python_full_version is tried at the first and a late patch release of the target:
// a marker that depends on the patch level cannot be decided ahead of time.
const EVALUATE = `
import json, sys
from pip._vendor.packaging.markers import default_environment
from pip._vendor.packaging.requirements import Requirement, InvalidRequirement
target = json.loads(sys.argv[1])
here = default_environment()
differs = []
for line in json.load(sys.stdin):
    text = line.split(" --", 1)[0].strip()
    if ";" not in text or text.startswith("-"):
        continue
    try:
        marker = Requirement(text).marker
    except InvalidRequirement:
        differs.append([line, "cannot be parsed"])
        continue
    if marker is None:
        continue
    mine = marker.evaluate({**here, "extra": ""})
    theirs = {marker.evaluate({**here, **target, "python_full_version": target["python_version"] + patch, "extra": ""}) for patch in (".0", ".99")}
    if theirs != {mine}:
        differs.append([line, "true" if mine else "false"])
print(json.dumps(differs))
`;
async function checkMarkers(target, python, requirements) {
    const environment = {
        python_version: target.runtime.pythonVersion,
        platform_machine: WHEEL_ARCH[target.architecture],
        sys_platform: 'linux',
        platform_system: 'Linux',
        os_name: 'posix',
        implementation_name: 'cpython',
        platform_python_implementation: 'CPython'
    };
    const run = await getExecOutput(python.command, ['-c', EVALUATE, JSON.stringify(environment)], {
        silent: true,
        ignoreReturnCode: true,
        input: Buffer.from(JSON.stringify(requirements)),
        env: python.env
    });
    let differs;
    try {
        differs = JSON.parse(run.stdout.trim().split('\n').pop() ?? '');
    }
    catch {
        throw new SpindriftError(`Could not check dependency markers for ${target.runtime.name} with ${python.command} (${run.stderr.trim().split('\n').pop()}); run spindrift with Python ${target.runtime.pythonVersion} on ${WHEEL_ARCH[target.architecture]}.`);
    }
    if (differs.length === 0)
        return;
    const shown = differs.slice(0, 3).map(([line]) => `"${line}"`).join(', ');
    throw new SpindriftError(`pip ran on Python ${python.minor} (${python.machine}) but the target is ${target.runtime.name} on ${target.architecture}, and ${differs.length === 1 ? 'a dependency marker decides' : `${differs.length} dependency markers decide`} differently there (${shown}), so the installed set would not be Lambda's; run spindrift with Python ${target.runtime.pythonVersion}${python.machine !== WHEEL_ARCH[target.architecture] ? ` on ${WHEEL_ARCH[target.architecture]}` : ''} (for example actions/setup-python), or set package.installer to uv.`);
}

/** The pip command line that installs for the Lambda target instead of for the machine running it. */
function pipInstallArgs(plan, requirements, target) {
    return [
        'install',
        '--target', target,
        ...plan.platformTags.flatMap(tag => ['--platform', tag]),
        '--implementation', 'cp',
        '--python-version', plan.runtime.pythonVersion,
        '--only-binary=:all:',
        '--no-compile',
        '--no-warn-script-location',
        '--progress-bar', 'off',
        ...indexArgs(plan),
        ...requirements.files.flatMap(file => ['-r', file]),
        ...requirements.requirements
    ];
}
/**
 * uv resolves markers for --python-version/--python-platform itself. Its platform names stop at glibc
 * versions it knows, so AL2 (2.26) is asked for manylinux_2_17: never a too-new wheel, at worst a missing one.
 */
function uvInstallArgs(plan, python, requirements, target) {
    return [
        'pip', 'install',
        '--target', target,
        '--python', python.command,
        '--python-version', plan.runtime.pythonVersion,
        '--python-platform', uvPlatform(plan),
        '--only-binary', ':all:',
        ...indexArgs(plan),
        ...requirements.files.flatMap(file => ['-r', file]),
        ...requirements.requirements
    ];
}
/** Install the requirements for the target and return the installed files, ready to zip. */
async function installDependencies(plan, python, installer, requirements, logger) {
    if (requirements.requirements.length === 0 && requirements.files.length === 0)
        return [];
    const work = mkdtempSync(path$1.join(os$1.tmpdir(), 'spindrift-deps-'));
    const target = path$1.join(work, 'target');
    // Wheels built here from source-only packages (pure Python only), offered to the installer on the next try.
    const builtWheels = path$1.join(work, 'built');
    try {
        logger.info(`Installing the dependencies for ${plan.runtime.name} on ${plan.architecture} with ${installer.name} ${installer.version}`);
        for (let attempt = 0;; attempt++) {
            const args = installer.name === 'pip' ? pipInstallArgs(plan, requirements, target) : uvInstallArgs(plan, python, requirements, target);
            if (attempt > 0)
                args.push('--find-links', builtWheels);
            rmSync(target, { recursive: true, force: true });
            const run = await runTool(installer.command[0], [...installer.command.slice(1), ...args], python.env, logger, plan.projectDir);
            if (run.exitCode === 0)
                break;
            const output = `${run.stdout}\n${run.stderr}`;
            const missing = missingWheel(output);
            if (!missing || attempt >= MAX_SOURCE_BUILDS)
                throw installFailure(plan, installer, output, pipTail(run), run.exitCode);
            await buildPureWheel(plan, python, installer, missing, builtWheels, logger);
        }
        const files = installedFiles(target);
        if (installer.name === 'pip' && !interpreterMatches(plan, python)) {
            logger.info(`Checking every dependency marker for ${plan.runtime.name} on ${plan.architecture} (pip evaluated them for Python ${python.minor} on ${python.machine})`);
            await checkMarkers(plan, python, requirementsSeen(requirements.normalised, files));
        }
        return files;
    }
    finally {
        rmSync(work, { recursive: true, force: true });
    }
}
/** How many source-only packages one install may build before giving up. */
const MAX_SOURCE_BUILDS = 20;
/** The requirement the installer found no wheel for, from its output. */
function missingWheel(output) {
    const found = /No matching distribution found for (\S+)/.exec(output) ??
        /Because (\S+?)(?:==\S+)? has no wheels with a matching/.exec(output) ??
        /Because (\S+) was not found in the package registry/.exec(output);
    return found?.[1];
}
/**
 * A package with no wheel for the target may still publish source: build its wheel here and accept it only
 * if it is pure Python (a compiled one would be for this machine, not for Lambda).
 */
async function buildPureWheel(plan, python, installer, requirement, into, logger) {
    const name = requirement.split(/[<>=!~;\[ @]/)[0];
    const attempt = mkdtempSync(path$1.join(os$1.tmpdir(), 'spindrift-sdist-'));
    try {
        logger.info(`No wheel of ${requirement} fits ${plan.runtime.name} on ${plan.architecture}: building it from source`);
        const run = await runPip(python, ['wheel', '--no-deps', '--no-binary', name, '--wheel-dir', attempt, ...indexArgs(plan), requirement], logger, plan.projectDir);
        const built = readdirSync(attempt).filter(f => f.endsWith('.whl'));
        if (run.exitCode !== 0 || built.length !== 1) {
            if (missingWheel(`${run.stdout}\n${run.stderr}`))
                throw installFailure(plan, installer, `No matching distribution found for ${requirement}`, '');
            throw new SpindriftError(`No wheel of "${requirement}" fits ${plan.runtime.name} on ${plan.architecture}, and building it from source failed: ${pipTail(run)} Pin a version that publishes a wheel for this platform.`);
        }
        const wheel = built[0];
        const [, version, tag] = /^[^-]+-([^-]+)-(?:\d[^-]*-)?(.+)\.whl$/.exec(wheel) ?? [wheel, '?', '?'];
        const compiled = new AdmZip(path$1.join(attempt, wheel)).getEntries().find(e => /\.(so(\.\d+)*|pyd|dylib)$/.test(e.entryName));
        if (!tag.endsWith('-none-any') || compiled) {
            throw new SpindriftError(`"${name}" ${version} publishes no wheel for ${plan.runtime.name} on ${plan.architecture} (tried ${triedTags(plan, installer)}), and its source builds a compiled wheel (${tag}${compiled ? `, ${compiled.entryName}` : ''}) for this machine, not for Lambda; pin a version of ${name} that publishes manylinux wheels, or build it in a Lambda-compatible container.`);
        }
        makeFolders(into);
        copyFileSync(path$1.join(attempt, wheel), path$1.join(into, wheel));
        logger.info(`Built ${wheel} from source: pure Python, so it runs on Lambda as it is`);
    }
    finally {
        rmSync(attempt, { recursive: true, force: true });
    }
}
/** The platform tags the installer was given, in words. */
function triedTags(plan, installer) {
    return installer.name === 'pip' ? describeTags(plan.runtime, plan.architecture) : uvPlatform(plan);
}
function installFailure(plan, installer, output, tail, exitCode) {
    const missing = missingWheel(output) ?? /Could not find a version that satisfies the requirement (\S+)/.exec(output)?.[1];
    if (missing) {
        return new SpindriftError(`No wheel of "${missing}" fits ${plan.runtime.name} on ${plan.architecture} (tried ${triedTags(plan, installer)}, abi3 and pure-Python wheels), or no such package exists on the index; check the name, or pin a version that publishes a wheel for this platform.`);
    }
    if (!tail) {
        return new SpindriftError(`${installer.name} stopped without a word while installing the dependencies for ${plan.runtime.name} on ${plan.architecture} (${typeof exitCode === 'number' ? `exit code ${exitCode}` : 'killed by a signal'}: out of memory?); run the build again, and check the runner's memory.`);
    }
    return new SpindriftError(`${installer.name} could not install the dependencies for ${plan.runtime.name} on ${plan.architecture}: ${tail} Fix the requirement ${installer.name} names.`);
}
/**
 * The files pip put in the target, minus what must not ship: console scripts in bin/ (their shebang names
 * this machine's Python), direct_url.json (it records local paths) and uv's .lock. RECORD files drop those lines too,
 * so the layer is the same bytes on every machine.
 */
function installedFiles(target) {
    const files = [];
    const walk = (dir, prefix) => {
        for (const name of readdirSync(dir).sort()) {
            const full = path$1.join(dir, name);
            const rel = prefix ? `${prefix}/${name}` : name;
            const stat = statSync(full);
            if (stat.isDirectory()) {
                if (name === '__pycache__' || (!prefix && name === 'bin'))
                    continue;
                walk(full, rel);
            }
            else if (stat.isFile()) {
                // uv leaves its lock file for the target folder at the top: not part of any distribution.
                if (/\.dist-info\/direct_url\.json$/.test(rel) || rel.endsWith('.pyc') || rel === '.lock')
                    continue;
                let data = readFileSync(full);
                if (/^[^/]+\.dist-info\/RECORD$/.test(rel))
                    data = cleanRecord(data);
                files.push({ name: rel, data, executable: (stat.mode & 0o111) !== 0 });
            }
        }
    };
    walk(target, '');
    return files;
}
function cleanRecord(record) {
    const kept = record
        .toString('utf8')
        .split('\n')
        .filter(line => !line.startsWith('../') && !/\.dist-info\/direct_url\.json,/.test(line) && !/__pycache__\//.test(line));
    return Buffer.from(kept.join('\n'), 'utf8');
}

/**
 * Apply the rules to installed files. *.dist-info is never removed by a glob or the test rule: importlib.metadata
 * reads it; only a dropped distribution loses its dist-info, along with every file its RECORD lists.
 */
function trimFiles(files, rules) {
    const patterns = rules.exclude.map(globToRegExp);
    const dropped = new Set();
    const droppedDirs = [];
    if (rules.dropDistributions.length) {
        const drop = new Set(rules.dropDistributions.map(canonicalName));
        for (const file of files) {
            const record = /^(([^/]+)-[^/-]+\.dist-info)\/RECORD$/.exec(file.name);
            if (!record || !drop.has(canonicalName(record[2])))
                continue;
            droppedDirs.push(`${record[1]}/`);
            for (const line of file.data.toString('utf8').split('\n'))
                dropped.add(line.split(',')[0]);
        }
    }
    // Test suites: a tests/ or test/ folder right under a top-level package, or any such folder that is a package.
    const testDirs = new Set();
    if (rules.stripTests) {
        for (const file of files) {
            const match = /^(?:([^/]+\/tests?\/)|(.+\/tests?\/)__init__\.py$)/.exec(file.name);
            if (match && !/^[^/]+\.dist-info\//.test(file.name))
                testDirs.add(match[1] ?? match[2]);
        }
    }
    const kept = files.filter(file => {
        if (dropped.has(file.name) || droppedDirs.some(d => file.name.startsWith(d)))
            return false;
        if (/^[^/]+\.dist-info\//.test(file.name))
            return true;
        if ([...testDirs].some(dir => file.name.startsWith(dir)))
            return false;
        return !patterns.some(p => p.test(file.name));
    });
    return { kept, removed: files.length - kept.length };
}

/**
 * The dependency layer for a cache key: restored (GitHub's cache, then the local store), or installed, trimmed,
 * compiled, audited, zipped and stored. A layer that fails the audit is never stored.
 */
async function dependencyLayer(plan, python, installer, requirements, key, { store, remote, logger }) {
    if (store && remote && !store.has(key))
        await remote.restore(store.folder(key), key);
    const restored = store?.get(key);
    if (restored) {
        logger.info('Dependency layer restored from the cache: pip does not run');
        // A layer stored before this audit existed (or by an older one) is audited now.
        if (restored.manifest.audit?.version !== AUDIT_VERSION)
            checkBinaries(plan, layerFiles(restored.zip), 'cached dependencies', logger);
        return { layer: restored, cacheHit: true };
    }
    const trimmed = trimFiles(await installDependencies(plan, python, installer, requirements, logger), {
        exclude: plan.exclude,
        stripTests: plan.stripTests,
        dropDistributions: plan.skipRuntimeProvided ? [...plan.runtime.provides] : []
    });
    if (trimmed.removed)
        logger.info(`Left out ${trimmed.removed} installed files (package.exclude, strip-tests, skip-runtime-provided)`);
    const compiled = plan.compile ? await compileFiles(plan, python, trimmed.kept, logger) : trimmed.kept;
    const installed = compiled.sort((a, b) => compareNames(a.name, b.name));
    const audit = checkBinaries(plan, installed, 'dependencies', logger);
    const { zip, entries } = await buildZip(installed);
    const layer = { zip, entries, manifest: { ...describeLayer(key, zip, installed), audit: { version: AUDIT_VERSION, maxGlibc: audit.maxGlibc } } };
    // Saved right after a successful install: the next run gains even if a later stage fails.
    if (store?.put(layer) && remote)
        await remote.save(store.folder(key), key);
    return { layer, cacheHit: false };
}
/** Bump when the audit learns new rules: layers audited by an older one are audited again on restore. */
const AUDIT_VERSION = 1;
/** A layer zip's files, decompressed: for auditing a layer cached before the audit ran. */
function layerFiles(zip) {
    return new AdmZip(zip, { noSort: true }).getEntries().map(entry => ({ name: entry.entryName, data: entry.getData() }));
}

/** One set from what the dependency sources read (deps/sources.ts), with its normalised form for the cache key. */
function gatherRequirements(readings) {
    const requirements = readings.flatMap(r => r.requirements);
    const files = readings.flatMap(r => r.files);
    const lines = [...requirements];
    for (const file of files)
        lines.push(...readRequirementLines(file, new Set()));
    const normalised = [...new Set(lines.map(line => canonicalRequirement(stripCredentials(line))))].sort();
    return { requirements, files, normalised, sources: readings.map(({ source, readFrom }) => ({ source, readFrom })) };
}
const NAME = /^\s*([A-Za-z0-9](?:[A-Za-z0-9._-]*[A-Za-z0-9])?)\s*/;
const SPECIFIER = /^(~=|===|==|!=|<=|>=|<|>)[A-Za-z0-9.*+!_-]+$/;
const MARKER_TOKEN = /\s*(?:"([^"]*)"|'([^']*)'|(<=|>=|==|!=|~=|===|<|>|\(|\))|([A-Za-z0-9_.]+))/y;
/**
 * One spelling of a simple PEP 508 requirement, for the cache key: the same requirement written by a person in
 * pyproject.toml ("Flask >= 3, <4") and by a build backend in METADATA ("flask<4,>=3") must give one key.
 * Names and extras are normalised, specifiers sorted, a marker re-spaced and double-quoted. Anything else (URLs,
 * options, hashes) is returned unchanged: a different spelling then only means a different key.
 */
function canonicalRequirement(line) {
    const name = NAME.exec(line);
    if (!name || line.includes('@'))
        return line;
    let rest = line.slice(name[0].length);
    let extras = '';
    const extrasMatch = /^\[([^\]]*)\]\s*/.exec(rest);
    if (extrasMatch) {
        const list = extrasMatch[1].split(',').map(e => e.trim()).filter(Boolean);
        if (list.some(e => !/^[A-Za-z0-9._-]+$/.test(e)))
            return line;
        extras = list.length ? `[${[...new Set(list.map(canonicalName))].sort().join(',')}]` : '';
        rest = rest.slice(extrasMatch[0].length);
    }
    const semicolon = rest.indexOf(';');
    let specifierText = (semicolon < 0 ? rest : rest.slice(0, semicolon)).trim();
    if (specifierText.startsWith('(') && specifierText.endsWith(')'))
        specifierText = specifierText.slice(1, -1);
    const specifiers = specifierText ? specifierText.split(',').map(s => s.replace(/\s+/g, '')) : [];
    if (specifiers.some(s => !SPECIFIER.test(s)))
        return line;
    let marker = '';
    if (semicolon >= 0) {
        const tokens = markerTokens(rest.slice(semicolon + 1));
        if (!tokens)
            return line;
        marker = `; ${tokens.join(' ')}`;
    }
    return `${canonicalName(name[1])}${extras}${[...specifiers].sort().join(',')}${marker}`;
}
/** A marker's tokens with strings double-quoted, or undefined if it holds anything unexpected. */
function markerTokens(marker) {
    const tokens = [];
    MARKER_TOKEN.lastIndex = 0;
    while (MARKER_TOKEN.lastIndex < marker.length) {
        if (/^\s*$/.test(marker.slice(MARKER_TOKEN.lastIndex)))
            break;
        const match = MARKER_TOKEN.exec(marker);
        if (!match)
            return undefined;
        const quoted = match[1] ?? match[2];
        if (quoted !== undefined && quoted.includes('"'))
            return undefined;
        tokens.push(quoted !== undefined ? `"${quoted}"` : match[3] ?? match[4]);
    }
    return tokens.length ? tokens : undefined;
}
/** A requirements file's logical lines, with included files expanded and local files pinned by content hash. */
function readRequirementLines(file, seen) {
    const resolved = path$1.resolve(file);
    if (seen.has(resolved))
        return [];
    seen.add(resolved);
    const dir = path$1.dirname(resolved);
    const text = readFileSync(resolved, 'utf8').replace(/\\\r?\n/g, ' ');
    const out = [];
    for (const raw of text.split(/\r?\n/)) {
        const line = raw.replace(/(^|\s)#.*$/, '').trim().replace(/\s+/g, ' ');
        if (!line)
            continue;
        const include = /^(-r|--requirement|-c|--constraint)[ =](.+)$/.exec(line);
        if (include) {
            const target = path$1.resolve(dir, include[2].trim());
            if (!existsSync(target)) {
                throw new SpindriftError(`${file} includes ${include[2].trim()}, which does not exist; fix the ${include[1]} line.`);
            }
            out.push(...readRequirementLines(target, seen));
            continue;
        }
        out.push(pinLocalFile(line, dir));
    }
    return out;
}
/** A line naming a local wheel or archive is keyed by that file's content, so editing the file is a new key. */
function pinLocalFile(line, dir) {
    const candidate = line.startsWith('file:') ? line.slice(5).replace(/^\/\/(localhost)?/, '') : line;
    if (!/^(\.|\/|~)/.test(candidate) && !line.startsWith('file:'))
        return line;
    const local = path$1.resolve(dir, candidate.split(/\s|;/)[0]);
    if (existsSync(local) && statSync(local).isFile()) {
        return `${path$1.basename(local)} sha256=${createHash('sha256').update(readFileSync(local)).digest('hex')}`;
    }
    return line;
}

/** Requires-Dist of the project: the built wheel's, or before the build the static list in pyproject.toml. */
const projectMetadata = {
    name: 'project metadata',
    read(project) {
        if (project.declaredDependencies !== undefined) {
            if (project.declaredDependencies.length === 0)
                return 'none';
            return { source: this.name, readFrom: [`${project.projectDir} (the built wheel's METADATA)`], requirements: project.declaredDependencies, files: [] };
        }
        const predicted = predictedDependencies(project.projectDir);
        if (predicted === undefined)
            return 'not-yet';
        return { source: this.name, readFrom: [path$1.join(project.projectDir, 'pyproject.toml')], requirements: predicted, files: [] };
    }
};
/** The requirements files package.requirements names (requirements.txt by default), handed to the installer with -r. */
const requirementsFiles = {
    name: 'requirements files',
    read(project) {
        if (project.requirementFiles.length === 0)
            return 'none';
        return { source: this.name, readFrom: project.requirementFiles, requirements: [], files: project.requirementFiles };
    }
};
/** Every source, in the order their requirements are given to the installer. */
const DEPENDENCY_SOURCES = [projectMetadata, requirementsFiles];
/** The requirement set the sources yield together, or undefined while one of them needs the built project. */
function requirementsFrom(project, sources = DEPENDENCY_SOURCES) {
    const readings = [];
    for (const source of sources) {
        const reading = source.read(project);
        if (reading === 'not-yet')
            return undefined;
        if (reading !== 'none')
            readings.push(reading);
    }
    return gatherRequirements(readings);
}
/**
 * The dependencies a project with static metadata will declare, read from pyproject.toml before its wheel is
 * built; undefined when they cannot be known for sure (no metadata, dynamic metadata, unusual TOML).
 */
function predictedDependencies(projectDir) {
    const pyproject = path$1.join(projectDir, 'pyproject.toml');
    try {
        if (!existsSync(pyproject))
            return undefined;
        // staticDependencies itself asks for a [project] table, which is what makes the folder a project.
        const present = new Set(['setup.py', 'setup.cfg'].filter(name => existsSync(path$1.join(projectDir, name))));
        return staticDependencies(readFileSync(pyproject, 'utf8'), present);
    }
    catch {
        // Unreadable: the app stage reports that in its own words.
        return undefined;
    }
}

/** Temp files being written now: removed if the process is told to stop (SIGTERM, SIGINT). */
const pendingTemps = new Set();
function registerTemp(file) {
    pendingTemps.add(file);
}
function forgetTemp(file) {
    pendingTemps.delete(file);
}
function removePendingTemps() {
    for (const temp of pendingTemps)
        rmSync(temp, { force: true });
    pendingTemps.clear();
}

/** A temp file left by a run that was killed outright (SIGKILL) is removed by the next run. */
function removeStaleTemps(dir, base) {
    let names;
    try {
        names = readdirSync(dir);
    }
    catch {
        return;
    }
    for (const name of names) {
        const match = /^\.(.+)\.(\d+)\.[0-9a-f]{8}\.tmp$/.exec(name);
        if (!match || match[1] !== base || processAlive(Number(match[2])))
            continue;
        rmSync(path$1.join(dir, name), { force: true });
    }
}
function processAlive(pid) {
    try {
        process.kill(pid, 0);
        return true;
    }
    catch (error) {
        return error.code === 'EPERM';
    }
}
/**
 * Write the zip next to its destination under a temporary name, flush it, then rename it into place: a
 * reader never sees half a zip, and a failure leaves any previous zip exactly as it was.
 */
function writeAtomically(outputPath, data) {
    const dir = path$1.dirname(outputPath);
    try {
        makeFolders(dir);
    }
    catch (error) {
        throw new SpindriftError(`Cannot create the output folder ${dir} (${error.code}); choose an output.path in a writable folder.`);
    }
    removeStaleTemps(dir, path$1.basename(outputPath));
    const temp = path$1.join(dir, `.${path$1.basename(outputPath)}.${process.pid}.${randomBytes(4).toString('hex')}.tmp`);
    registerTemp(temp);
    try {
        const fd = openSync(temp, 'wx', 0o644);
        try {
            writeSync(fd, data);
            fsyncSync(fd);
        }
        finally {
            closeSync(fd);
        }
        renameSync(temp, outputPath);
        forgetTemp(temp);
    }
    catch (error) {
        rmSync(temp, { force: true });
        forgetTemp(temp);
        const code = error.code;
        const why = code === 'EISDIR' ? 'it is a folder' : code === 'EACCES' || code === 'EPERM' || code === 'EROFS' ? 'it is not writable' : `${code ?? error}`;
        throw new SpindriftError(`Cannot write the zip to ${outputPath} (${why}); choose an output.path in a writable folder.`);
    }
    const digest = createHash('sha256').update(data).digest();
    return { path: outputPath, size: data.length, sha256: digest.toString('hex'), base64Sha256: digest.toString('base64') };
}

/** The function's zip: the app, its dependencies and the shim, written to output.path. */
function functionZip(outputPath) {
    return {
        kind: 'function-zip',
        path: outputPath,
        write: (data, { uncompressedSize }) => ({ kind: 'function-zip', ...writeAtomically(outputPath, data), uncompressedSize })
    };
}

// The pipeline: settings → Plan (config/) → app (app/) → requirements (deps/sources) → dependency layer
// (deps/, cached) → audit (audit/) → zip (zip/) → outputs (outputs/). The faces call runPlan and nothing deeper.
async function runPlan(plan, { logger, env, remote }) {
    if (plan.runtime.deprecated) {
        logger.warning(`${plan.runtime.name} has been deprecated by AWS Lambda since ${plan.runtime.deprecated}: it gets no security patches; move to a current runtime.`);
    }
    const python = await probeInterpreter(plan.python, env);
    logger.info(`Python ${python.version} (${python.machine}) with pip ${python.pip ?? 'missing'} packages for ${plan.runtime.name} on ${plan.architecture}`);
    warnOnInterpreterMismatch(plan, python, logger);
    if (plan.compile)
        checkCompiler(plan, python);
    const installer = await findInstaller(plan, python);
    const store = plan.cacheDir ? new LayerStore(plan.cacheDir, logger) : undefined;
    const keyOf = (requirements) => cacheKey(plan, python, installer, requirements, env);
    const layerFor = (requirements, log) => dependencyLayer(plan, python, installer, requirements, keyOf(requirements), { store, remote, logger: log });
    // When the sources can tell the dependencies before the project is built, install them meanwhile.
    const predicted = requirementsFrom({ projectDir: plan.projectDir, requirementFiles: plan.requirementFiles });
    const early = predicted && startEarly(predicted, keyOf, layerFor);
    let app;
    try {
        app = await logger.group(`App: ${plan.projectDir}`, async () => {
            const collected = await collectApp(plan, python, installer, logger);
            const files = trimFiles(collected.files, { exclude: plan.exclude, stripTests: false, dropDistributions: [] }).kept;
            return { ...collected, files: plan.compile ? await compileFiles(plan, python, files, logger) : files };
        });
    }
    catch (error) {
        await early?.settled;
        throw error;
    }
    const requirements = requirementsFrom({ projectDir: plan.projectDir, requirementFiles: plan.requirementFiles, declaredDependencies: app.declaredDependencies });
    if (!requirements)
        throw new Error('the dependency sources still need the built project after it was built');
    const key = keyOf(requirements);
    const { layer, cacheHit } = await logger.group(`Dependencies: ${key}`, async () => {
        if (early) {
            const settled = await early.settled;
            early.log.replayTo(logger);
            if (early.key === key) {
                if ('error' in settled)
                    throw settled.error;
                if (!settled.value.cacheHit)
                    logger.info('The dependencies pyproject.toml lists were installed while the project was built: the wheel declares the same.');
                return settled.value;
            }
            logger.info('The built project declares other dependencies than its pyproject.toml lists; installing what it declares.');
        }
        return layerFor(requirements, logger);
    });
    const output = functionZip(plan.outputPath);
    const artefact = await logger.group(`Zip: ${output.path}`, async () => {
        const shim = renderShim(plan);
        checkContents(plan, plan.projectDir, layer.manifest.files.map(f => f.name), app.files.map(f => f.name));
        checkBinaries(plan, app.files, 'project', logger);
        const archive = await mergeIntoZip(layer.entries, [...app.files, shim]);
        const unzipped = uncompressedSize(layer, [...app.files, shim]);
        if (plan.importCheck)
            await importCheck(plan, python, archive);
        checkSize(plan.runtime.name, archive.length, unzipped, [{ name: `${plan.name} (your app)`, version: '', size: sum(app.files) }, ...(layer.manifest.distributions ?? [])], logger);
        const written = output.write(archive, { uncompressedSize: unzipped });
        logger.info(`Wrote ${written.path} (${written.size} bytes, base64 SHA-256 ${written.base64Sha256})`);
        return written;
    });
    return {
        result: {
            path: artefact.path,
            size: artefact.size,
            sha256: artefact.sha256,
            base64Sha256: artefact.base64Sha256,
            uncompressedSize: artefact.uncompressedSize ?? 0,
            handler: HANDLER,
            cacheHit
        },
        report: {
            runtime: plan.runtime.name,
            architecture: plan.architecture,
            python: python.version,
            cacheKey: key,
            maxGlibc: layer.manifest.audit?.maxGlibc,
            dependencies: layer.manifest.distributions ?? [],
            dependencySources: requirements.sources,
            artefacts: [artefact]
        }
    };
}
/** A dependency layer being made for the predicted requirements, its log kept until the app stage is done. */
function startEarly(requirements, keyOf, layerFor) {
    const log = bufferedLogger();
    const settled = layerFor(requirements, log.logger).then(value => ({ value }), (error) => ({ error }));
    return { key: keyOf(requirements), log, settled };
}
/** Say up front when pip's interpreter is not the target's: its markers are then verified after the install. */
function warnOnInterpreterMismatch(plan, python, logger) {
    if (plan.installer === 'uv' || interpreterMatches(plan, python))
        return;
    logger.warning(`pip runs on Python ${python.minor} (${python.machine}) for ${plan.runtime.name} on ${plan.architecture}: every dependency marker will be checked for the target, and the build stops if one decides differently; run spindrift with Python ${plan.runtime.pythonVersion} (for example actions/setup-python) to avoid that risk.`);
}
function sum(files) {
    return files.reduce((total, f) => total + f.data.length, 0);
}
function uncompressedSize(layer, added) {
    const sizes = new Map(layer.manifest.files.map(f => [f.name, f.size]));
    for (const file of added)
        sizes.set(file.name, file.data.length);
    let total = 0;
    for (const size of sizes.values())
        total += size;
    return total;
}

export { AdmZip as A, DEFAULT_SETTINGS_FILE as D, OPTIONS as O, SpindriftError as S, UNZIPPED_LIMIT as U, ZIPPED_LIMIT as Z, removePendingTemps as a, configure as b, commonjsGlobal as c, dashed as d, exec as e, runPlan as f, stderrLogger as g, reportFailure as h, closest as i, defaultCacheDir as j, runTool as k, mkdirP as m, pipTail as p, quietLogger as q, rmRF as r, stripCredentials as s, which as w };
