// Package taskspec holds the rules for a Fargate service's task size and
// image tag, as plain Go, so that the fargateservice construct and the
// organization model check the same rules without loading the AWS
// provider.
package taskspec

import (
	"fmt"
	"regexp"
)

var tagRE = regexp.MustCompile(`^[A-Za-z0-9_][A-Za-z0-9_.-]{0,127}$`)

// fargateSizes are the memory sizes Fargate offers for each CPU size
// (Amazon ECS Developer Guide, "Task CPU and memory",
// https://docs.aws.amazon.com/AmazonECS/latest/developerguide/fargate-tasks-services.html#fargate-tasks-size):
// minimum, maximum and step in MiB.
var fargateSizes = map[int][3]int{
	256:   {512, 2048, 0}, // 512, 1024 or 2048
	512:   {1024, 4096, 1024},
	1024:  {2048, 8192, 1024},
	2048:  {4096, 16384, 1024},
	4096:  {8192, 30720, 1024},
	8192:  {16384, 61440, 4096},
	16384: {32768, 122880, 8192},
}

// CheckTaskSize reports whether Fargate offers a task of cpu units and
// memory MiB, in plain Go for the organization file's validation.
func CheckTaskSize(cpu, memory int) error {
	if err := CheckCPU(cpu); err != nil {
		return fmt.Errorf("CPU %d: %w", cpu, err)
	}
	if err := CheckMemory(cpu, memory); err != nil {
		return fmt.Errorf("MemoryMiB %d: %w", memory, err)
	}
	return nil
}

// CheckCPU checks a task's CPU units against Fargate's sizes.
func CheckCPU(cpu int) error {
	if _, ok := fargateSizes[cpu]; !ok {
		return fmt.Errorf("Fargate offers 256, 512, 1024, 2048, 4096, 8192 or 16384 units")
	}
	return nil
}

// CheckMemory checks a task's memory (MiB) against what Fargate offers
// with cpu units, which CheckCPU has accepted.
func CheckMemory(cpu, memory int) error {
	s := fargateSizes[cpu]
	if cpu == 256 {
		if memory != 512 && memory != 1024 && memory != 2048 {
			return fmt.Errorf("with CPU 256 Fargate offers 512, 1024 or 2048")
		}
		return nil
	}
	if memory < s[0] || memory > s[1] || (memory-s[0])%s[2] != 0 {
		return fmt.Errorf("with CPU %d Fargate offers %d to %d in steps of %d", cpu, s[0], s[1], s[2])
	}
	return nil
}

// CheckImageTag checks a tag of the service's repository: letters, digits,
// '_', '.' and '-', and not latest, since the repository's tags are
// immutable and a release is a new tag.
func CheckImageTag(tag string) error {
	if !tagRE.MatchString(tag) || tag == "latest" {
		return fmt.Errorf("a tag of letters, digits, '_', '.' and '-', not latest (the repository's tags are immutable)")
	}
	return nil
}
