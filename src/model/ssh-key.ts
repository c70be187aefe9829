/** OpenSSH public key lines as accepted in a customer file: `<type> <base64> [comment]`, no options. */

export const SSH_KEY_TYPES = [
  "ssh-ed25519",
  "ssh-rsa",
  "ecdsa-sha2-nistp256",
  "ecdsa-sha2-nistp384",
  "ecdsa-sha2-nistp521",
  "sk-ssh-ed25519@openssh.com",
  "sk-ecdsa-sha2-nistp256@openssh.com",
] as const;

const COMMENT = /^[A-Za-z0-9@._+=:,-]+( [A-Za-z0-9@._+=:,-]+)*$/;

/** Why `line` is not an acceptable public key, or undefined when it is one. */
export function sshKeyProblem(line: string): string | undefined {
  const allowed = `must be one OpenSSH public key line "<type> <base64> [comment]" with type ${SSH_KEY_TYPES.join(", ")}, no options`;
  if (/[\r\n\0]/.test(line)) return `${allowed}; it contains a line break or NUL`;
  if (line.length > 16_384) return `${allowed}; it is longer than 16384 characters`;
  const [type, body, ...rest] = line.split(" ");
  if (!(SSH_KEY_TYPES as readonly string[]).includes(type))
    return `${allowed}; it starts with "${type.slice(0, 40)}"`;
  if (!body || !/^[A-Za-z0-9+/]+={0,3}$/.test(body))
    return `${allowed}; the key data is not base64`;
  const decoded = Buffer.from(body, "base64");
  if (decoded.length < 4) return `${allowed}; the key data is truncated`;
  const nameLength = decoded.readUInt32BE(0);
  const embedded = decoded.subarray(4, 4 + nameLength).toString("latin1");
  if (embedded !== type)
    return `${allowed}; the key data is for "${embedded.slice(0, 40)}", not ${type}`;
  const comment = rest.join(" ");
  if (comment && (comment.length > 100 || !COMMENT.test(comment))) {
    return `${allowed}; the comment may use only letters, digits, single spaces and @._+=:,- (at most 100 characters)`;
  }
  return undefined;
}
