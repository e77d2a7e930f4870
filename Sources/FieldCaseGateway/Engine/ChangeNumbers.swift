import Foundation

/// How the gateway numbers its changes: above every number it gave before, and never below the wall clock's
/// microseconds at the time of giving. A database copied back from an older file, with no `restore` and no new
/// epoch, then goes on above the numbers it gave after the copy was made, which desks already pulled past: a
/// desk never takes a new change for one it has seen and skips it. (Only a clock set back, or a batch of more
/// changes than microseconds passed, could bring a number below one given before.) The wall clock, not the
/// time a request is judged at: the numbers must be unique, whatever time a test or a desk pins.
package enum ChangeNumbers {
    /// The lowest number a change given now may take, less one.
    package static func floor() -> Int64 { Int64((Date().timeIntervalSince1970 * 1_000_000).rounded(.down)) }
}
