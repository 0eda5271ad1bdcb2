// Command hello is a tiny main package that the lambdapkg tests build.
package main

import "fmt"

func main() { fmt.Println("hello from bootstrap") }
