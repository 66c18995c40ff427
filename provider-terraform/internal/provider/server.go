package provider

// One `webhooks terraform serve` process per provider process (and per CLI
// command and CA file): requests go as JSON lines with an id, answers come back
// as lines in any order, so Terraform's parallel calls share one Node.js start.

import (
	"bufio"
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"os"
	"os/exec"
	"strings"
	"sync"
)

type server struct {
	mu      sync.Mutex
	stdin   io.WriteCloser
	pending map[int64]chan []byte
	next    int64
	dead    error
	stderr  tail
}

var (
	serversMu sync.Mutex
	servers   = map[string]*server{}
)

func serverFor(c cli) *server {
	key := strings.Join(c.argv, "\x00") + "\x00" + c.caFile
	serversMu.Lock()
	defer serversMu.Unlock()
	s, ok := servers[key]
	if !ok || s.isDead() {
		s = start(c)
		servers[key] = s
	}
	return s
}

func start(c cli) *server {
	s := &server{pending: map[int64]chan []byte{}}
	args := append(append([]string{}, c.argv[1:]...), "terraform", "serve")
	// Not tied to one request's context: the process outlives each call and ends when the provider closes its stdin (exits).
	cmd := exec.Command(c.argv[0], args...)
	cmd.Env = os.Environ()
	if c.caFile != "" {
		cmd.Env = append(cmd.Env, "NODE_EXTRA_CA_CERTS="+c.caFile)
	}
	cmd.Stderr = &s.stderr
	stdin, err1 := cmd.StdinPipe()
	stdout, err2 := cmd.StdoutPipe()
	if err := firstErr(err1, err2, cmd.Start()); err != nil {
		s.dead = err
		return s
	}
	s.stdin = stdin
	go s.readAnswers(stdout, cmd)
	return s
}

func (s *server) readAnswers(stdout io.Reader, cmd *exec.Cmd) {
	scanner := bufio.NewScanner(stdout)
	scanner.Buffer(make([]byte, 0, 1<<20), 64<<20)
	for scanner.Scan() {
		line := append([]byte(nil), scanner.Bytes()...)
		var head struct {
			ID int64 `json:"id"`
		}
		if json.Unmarshal(line, &head) != nil {
			continue
		}
		s.mu.Lock()
		ch := s.pending[head.ID]
		delete(s.pending, head.ID)
		s.mu.Unlock()
		if ch != nil {
			ch <- line
		}
	}
	err := cmd.Wait()
	s.mu.Lock()
	defer s.mu.Unlock()
	s.dead = fmt.Errorf("the core exited (%v): %s", err, strings.TrimSpace(s.stderr.String()))
	for id, ch := range s.pending {
		close(ch)
		delete(s.pending, id)
	}
}

func (s *server) isDead() bool {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.dead != nil
}

func (s *server) call(ctx context.Context, op string, request any) ([]byte, error) {
	s.mu.Lock()
	if s.dead != nil {
		err := s.dead
		s.mu.Unlock()
		return nil, err
	}
	s.next++
	id := s.next
	ch := make(chan []byte, 1)
	s.pending[id] = ch
	line, err := json.Marshal(map[string]any{"id": id, "op": op, "request": request})
	if err == nil {
		_, err = s.stdin.Write(append(line, '\n'))
	}
	s.mu.Unlock()
	if err != nil {
		return nil, err
	}
	select {
	case answer, ok := <-ch:
		if !ok {
			s.mu.Lock()
			defer s.mu.Unlock()
			return nil, s.dead
		}
		return answer, nil
	case <-ctx.Done():
		s.mu.Lock()
		delete(s.pending, id)
		s.mu.Unlock()
		return nil, ctx.Err()
	}
}

func firstErr(errs ...error) error {
	for _, e := range errs {
		if e != nil {
			return e
		}
	}
	return nil
}

// tail keeps the last 8 KiB the core wrote to stderr, for the error message when it dies.
type tail struct {
	mu  sync.Mutex
	buf bytes.Buffer
}

func (t *tail) Write(p []byte) (int, error) {
	t.mu.Lock()
	defer t.mu.Unlock()
	t.buf.Write(p)
	if t.buf.Len() > 8192 {
		rest := append([]byte(nil), t.buf.Bytes()[t.buf.Len()-8192:]...)
		t.buf.Reset()
		t.buf.Write(rest)
	}
	return len(p), nil
}

func (t *tail) String() string {
	t.mu.Lock()
	defer t.mu.Unlock()
	return t.buf.String()
}
