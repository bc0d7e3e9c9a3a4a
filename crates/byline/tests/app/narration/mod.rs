//! Article narration end to end: real speech engines (the Piper neural voice and
//! espeak-ng) run by the real `byline voice-worker` child process, MP3s decoded and
//! measured, the player, range requests, the podcast feed, the desk and the faults.

mod cli;
mod desk;
mod editions;
mod faults;
mod neural;
mod support;
mod worker;
