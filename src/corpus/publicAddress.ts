import { BlockList, isIP } from 'node:net';

/**
 * Which network addresses isnad may fetch a moderator's link from. A link is a request the bot
 * makes from inside the server's network, so an address on loopback, a private or carrier network,
 * link-local (where cloud metadata services answer, 169.254.169.254) or another special range is
 * refused (server-side request forgery): a moderator must not be able to read what only the
 * server can reach. Checked on the resolved address, never on the name.
 */

interface Range {
  readonly network: string;
  readonly prefix: number;
  readonly family: 'ipv4' | 'ipv6';
  readonly kind: string;
}

const RANGES: readonly Range[] = [
  { network: '0.0.0.0', prefix: 8, family: 'ipv4', kind: 'the "this network" range (0.0.0.0/8)' },
  { network: '10.0.0.0', prefix: 8, family: 'ipv4', kind: 'a private network' },
  { network: '100.64.0.0', prefix: 10, family: 'ipv4', kind: 'a carrier-grade NAT network' },
  { network: '127.0.0.0', prefix: 8, family: 'ipv4', kind: 'loopback (this machine)' },
  { network: '169.254.0.0', prefix: 16, family: 'ipv4', kind: 'link-local (where cloud metadata services answer)' },
  { network: '172.16.0.0', prefix: 12, family: 'ipv4', kind: 'a private network' },
  { network: '192.0.0.0', prefix: 24, family: 'ipv4', kind: 'a protocol-assignment range' },
  { network: '192.0.2.0', prefix: 24, family: 'ipv4', kind: 'a documentation range' },
  { network: '192.168.0.0', prefix: 16, family: 'ipv4', kind: 'a private network' },
  { network: '198.18.0.0', prefix: 15, family: 'ipv4', kind: 'a benchmarking range' },
  { network: '198.51.100.0', prefix: 24, family: 'ipv4', kind: 'a documentation range' },
  { network: '203.0.113.0', prefix: 24, family: 'ipv4', kind: 'a documentation range' },
  { network: '224.0.0.0', prefix: 4, family: 'ipv4', kind: 'multicast' },
  { network: '240.0.0.0', prefix: 4, family: 'ipv4', kind: 'a reserved range' },
  { network: '::', prefix: 128, family: 'ipv6', kind: 'the unspecified address' },
  { network: '::1', prefix: 128, family: 'ipv6', kind: 'loopback (this machine)' },
  { network: '64:ff9b:1::', prefix: 48, family: 'ipv6', kind: 'a local NAT64 range' },
  { network: '100::', prefix: 64, family: 'ipv6', kind: 'a discard range' },
  { network: '2001:db8::', prefix: 32, family: 'ipv6', kind: 'a documentation range' },
  { network: 'fc00::', prefix: 7, family: 'ipv6', kind: 'a private network (unique local)' },
  { network: 'fe80::', prefix: 10, family: 'ipv6', kind: 'link-local' },
  { network: 'fec0::', prefix: 10, family: 'ipv6', kind: 'a site-local network' },
  { network: 'ff00::', prefix: 8, family: 'ipv6', kind: 'multicast' },
];

const BLOCKS = RANGES.map((range) => {
  const list = new BlockList();
  list.addSubnet(range.network, range.prefix, range.family);
  return { list, range };
});

/**
 * Why `address` must not be fetched (the kind of range it is in), or undefined for a public
 * address. IPv6 forms that carry an IPv4 address (mapped ::ffff:a.b.c.d, compatible ::a.b.c.d,
 * NAT64 64:ff9b::/96, 6to4 2002::/16) are judged by that IPv4 address too: ::ffff:127.0.0.1 is loopback.
 */
export function blockedAddressKind(address: string): string | undefined {
  const family = isIP(address);
  if (family === 0) return 'not an IP address';
  if (family === 4) return ipv4Kind(address);
  const embedded = embeddedIpv4(address);
  if (embedded !== undefined) {
    const kind = ipv4Kind(embedded);
    if (kind !== undefined) return kind;
  }
  for (const { list, range } of BLOCKS) {
    if (range.family === 'ipv6' && list.check(address, 'ipv6')) return range.kind;
  }
  return undefined;
}

function ipv4Kind(address: string): string | undefined {
  if (address === '255.255.255.255') return 'the broadcast address';
  for (const { list, range } of BLOCKS) {
    if (range.family === 'ipv4' && list.check(address, 'ipv4')) return range.kind;
  }
  return undefined;
}

/** The IPv4 address an IPv6 address stands for, when it is one of the forms that embed one. */
function embeddedIpv4(address: string): string | undefined {
  const groups = expandIpv6(address);
  if (groups === undefined) return undefined;
  const v4 = (high: number, low: number) => `${high >> 8}.${high & 0xff}.${low >> 8}.${low & 0xff}`;
  const zeros = (from: number, to: number) => groups.slice(from, to).every((group) => group === 0);
  // ::ffff:a.b.c.d (mapped) and ::a.b.c.d (compatible, deprecated but still routed by some stacks).
  if (zeros(0, 5) && (groups[5] === 0xffff || groups[5] === 0) && !(groups[5] === 0 && groups[6] === 0)) return v4(groups[6]!, groups[7]!);
  // 64:ff9b::a.b.c.d, the well-known NAT64 prefix.
  if (groups[0] === 0x64 && groups[1] === 0xff9b && zeros(2, 6)) return v4(groups[6]!, groups[7]!);
  // 2002:AABB:CCDD::/48, 6to4.
  if (groups[0] === 0x2002) return v4(groups[1]!, groups[2]!);
  return undefined;
}

/** The eight 16-bit groups of an IPv6 address (with or without a dotted IPv4 tail). */
function expandIpv6(address: string): number[] | undefined {
  let text = address.toLowerCase().split('%')[0]!;
  const dotted = /(\d+)\.(\d+)\.(\d+)\.(\d+)$/.exec(text);
  if (dotted) {
    const [a, b, c, d] = dotted.slice(1).map(Number) as [number, number, number, number];
    text = `${text.slice(0, dotted.index)}${((a << 8) | b).toString(16)}:${((c << 8) | d).toString(16)}`;
  }
  const halves = text.split('::');
  if (halves.length > 2) return undefined;
  const parse = (part: string) => (part === '' ? [] : part.split(':').map((group) => parseInt(group, 16)));
  const head = parse(halves[0]!);
  const tail = halves.length === 2 ? parse(halves[1]!) : [];
  const fill = 8 - head.length - tail.length;
  if (fill < 0 || (halves.length === 1 && fill !== 0)) return undefined;
  const groups = [...head, ...new Array<number>(fill).fill(0), ...tail];
  return groups.some((group) => !Number.isInteger(group) || group < 0 || group > 0xffff) ? undefined : groups;
}
