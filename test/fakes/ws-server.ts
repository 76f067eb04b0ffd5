import { createHash } from 'node:crypto';
import type { IncomingMessage } from 'node:http';
import type { Duplex } from 'node:stream';

/**
 * A minimal RFC 6455 server-side WebSocket over a Node `upgrade` socket (text and binary messages,
 * ping/pong, close), so the fakes need no WebSocket dependency. Enough for the clients under test (the
 * `ws` package as used by the Deepgram plugin); not a general implementation (no extensions).
 */
export class ServerWebSocket {
  private buffer = Buffer.alloc(0);
  private fragments: Buffer[] = [];
  private fragmentOpcode = 0;
  closed = false;
  onMessage: (data: Buffer, isBinary: boolean) => void = () => undefined;
  onClose: () => void = () => undefined;

  constructor(private readonly socket: Duplex) {
    socket.on('data', (chunk: Buffer) => this.receive(chunk));
    socket.on('close', () => this.markClosed());
    socket.on('error', () => this.markClosed());
  }

  /** Completes the handshake; returns null (and answers 400) when the request is not a WebSocket upgrade. */
  static accept(req: IncomingMessage, socket: Duplex): ServerWebSocket | null {
    const key = req.headers['sec-websocket-key'];
    if (typeof key !== 'string') {
      socket.end('HTTP/1.1 400 Bad Request\r\n\r\n');
      return null;
    }
    const accept = createHash('sha1').update(`${key}258EAFA5-E914-47DA-95CA-C5AB0DC85B11`).digest('base64');
    socket.write(
      'HTTP/1.1 101 Switching Protocols\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n' +
        `Sec-WebSocket-Accept: ${accept}\r\n\r\n`,
    );
    return new ServerWebSocket(socket);
  }

  private markClosed(): void {
    if (this.closed) return;
    this.closed = true;
    this.onClose();
  }

  private receive(chunk: Buffer): void {
    this.buffer = Buffer.concat([this.buffer, chunk]);
    for (;;) {
      if (this.buffer.length < 2) return;
      const b0 = this.buffer[0] as number;
      const b1 = this.buffer[1] as number;
      const fin = (b0 & 0x80) !== 0;
      const opcode = b0 & 0x0f;
      const masked = (b1 & 0x80) !== 0;
      let len = b1 & 0x7f;
      let off = 2;
      if (len === 126) {
        if (this.buffer.length < 4) return;
        len = this.buffer.readUInt16BE(2);
        off = 4;
      } else if (len === 127) {
        if (this.buffer.length < 10) return;
        len = Number(this.buffer.readBigUInt64BE(2));
        off = 10;
      }
      const maskOff = off;
      if (masked) off += 4;
      if (this.buffer.length < off + len) return;
      const payload = Buffer.from(this.buffer.subarray(off, off + len));
      if (masked) {
        for (let i = 0; i < payload.length; i++) {
          payload[i] = (payload[i] as number) ^ (this.buffer[maskOff + (i % 4)] as number);
        }
      }
      this.buffer = this.buffer.subarray(off + len);
      this.frame(fin, opcode, payload);
    }
  }

  private frame(fin: boolean, opcode: number, payload: Buffer): void {
    switch (opcode) {
      case 0x0: // continuation
        this.fragments.push(payload);
        if (fin) {
          const data = Buffer.concat(this.fragments);
          this.fragments = [];
          this.onMessage(data, this.fragmentOpcode === 0x2);
        }
        return;
      case 0x1:
      case 0x2:
        if (!fin) {
          this.fragmentOpcode = opcode;
          this.fragments = [payload];
          return;
        }
        this.onMessage(payload, opcode === 0x2);
        return;
      case 0x8:
        this.sendFrame(0x8, payload.subarray(0, 2));
        this.socket.end();
        this.markClosed();
        return;
      case 0x9:
        this.sendFrame(0xa, payload);
        return;
      default:
        return;
    }
  }

  private sendFrame(opcode: number, payload: Buffer): void {
    if (this.socket.destroyed) return;
    let header: Buffer;
    if (payload.length < 126) {
      header = Buffer.from([0x80 | opcode, payload.length]);
    } else if (payload.length < 65536) {
      header = Buffer.alloc(4);
      header[0] = 0x80 | opcode;
      header[1] = 126;
      header.writeUInt16BE(payload.length, 2);
    } else {
      header = Buffer.alloc(10);
      header[0] = 0x80 | opcode;
      header[1] = 127;
      header.writeBigUInt64BE(BigInt(payload.length), 2);
    }
    this.socket.write(Buffer.concat([header, payload]));
  }

  sendText(text: string): void {
    this.sendFrame(0x1, Buffer.from(text, 'utf8'));
  }

  sendJson(value: unknown): void {
    this.sendText(JSON.stringify(value));
  }

  close(code = 1000): void {
    if (this.closed) return;
    const payload = Buffer.alloc(2);
    payload.writeUInt16BE(code, 0);
    this.sendFrame(0x8, payload);
    this.socket.end();
    this.markClosed();
  }

  /** Drop the TCP connection without a close frame. */
  destroy(): void {
    this.socket.destroy();
    this.markClosed();
  }
}
