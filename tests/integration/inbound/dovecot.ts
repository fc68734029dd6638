import { execFileSync, spawn, type ChildProcess } from 'node:child_process'
import { chmodSync, chownSync, mkdtempSync, mkdirSync, rmSync, writeFileSync, existsSync, readFileSync } from 'node:fs'
import net from 'node:net'
import os from 'node:os'
import path from 'node:path'

export const DOVECOT = '/usr/sbin/dovecot'

async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer()
    server.once('error', reject)
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as net.AddressInfo
      server.close(() => resolve(port))
    })
  })
}

async function waitForPort(port: number, timeoutMs: number) {
  const until = Date.now() + timeoutMs
  while (Date.now() < until) {
    const ok = await new Promise<boolean>((resolve) => {
      const socket = net.connect(port, '127.0.0.1')
      socket.once('data', () => {
        socket.destroy()
        resolve(true)
      })
      socket.once('error', () => resolve(false))
    })
    if (ok) return
    await new Promise((r) => setTimeout(r, 100))
  }
  throw new Error(`dovecot did not answer on port ${port}`)
}

/**
 * A real Dovecot (Debian's dovecot-imapd) in a throw-away directory: its own config, one user
 * with a plaintext password, a Maildir, listening on a random port on 127.0.0.1 only.
 */
export async function startDovecot(user = 'replies', password = 'secret-test-password') {
  if (!existsSync(DOVECOT)) throw new Error(`${DOVECOT} is missing: apt-get install dovecot-imapd (.ci/run does)`)
  const dir = mkdtempSync(path.join(os.tmpdir(), 'passerelle-dovecot-'))
  // Dovecot's auth and login processes run as its own users: they must read the directory.
  chmodSync(dir, 0o755)
  for (const sub of ['run', 'state', 'home']) mkdirSync(path.join(dir, sub), { recursive: true })
  // Dovecot never lets a mailbox be owned by root: the mail is its own user's.
  const uid = Number(execFileSync('id', ['-u', 'dovecot']).toString().trim())
  const gid = Number(execFileSync('id', ['-g', 'dovecot']).toString().trim())
  chownSync(path.join(dir, 'home'), uid, gid)
  const port = await freePort()
  writeFileSync(path.join(dir, 'users'), `${user}:{PLAIN}${password}::::::\n`, { mode: 0o644 })
  const config = `
base_dir = ${dir}/run
state_dir = ${dir}/state
log_path = ${dir}/dovecot.log
protocols = imap
listen = 127.0.0.1
ssl = no
first_valid_uid = 100
disable_plaintext_auth = no
auth_mechanisms = plain login
default_internal_user = dovecot
default_login_user = dovenull
passdb {
  driver = passwd-file
  args = scheme=PLAIN username_format=%u ${dir}/users
}
userdb {
  driver = static
  args = uid=${uid} gid=${gid} home=${dir}/home/%u
}
mail_location = maildir:~/Maildir
namespace inbox {
  inbox = yes
}
service imap-login {
  inet_listener imap {
    address = 127.0.0.1
    port = ${port}
  }
  inet_listener imaps {
    port = 0
  }
}
service pop3-login {
  inet_listener pop3 {
    port = 0
  }
}
service submission-login {
  inet_listener submission {
    port = 0
  }
}
service lmtp {
  unix_listener lmtp {
    mode = 0600
  }
}
`
  const configPath = path.join(dir, 'dovecot.conf')
  writeFileSync(configPath, config)
  const child: ChildProcess = spawn(DOVECOT, ['-F', '-c', configPath], { stdio: ['ignore', 'pipe', 'pipe'] })
  let output = ''
  child.stdout?.on('data', (d) => (output += d))
  child.stderr?.on('data', (d) => (output += d))
  try {
    await waitForPort(port, 15_000)
  } catch (error) {
    child.kill('SIGTERM')
    const log = existsSync(path.join(dir, 'dovecot.log')) ? readFileSync(path.join(dir, 'dovecot.log'), 'utf8') : ''
    throw new Error(`${(error as Error).message}\n${output}\n${log}`)
  }
  return {
    port,
    url: `imap://${user}:${password}@127.0.0.1:${port}/INBOX`,
    user,
    password,
    async stop() {
      await new Promise<void>((resolve) => {
        if (child.exitCode !== null) return resolve()
        child.once('exit', () => resolve())
        child.kill('SIGTERM')
      })
      rmSync(dir, { recursive: true, force: true })
    },
  }
}
