//! The manual page, generated from the argument definitions.

use std::io::{self, Write};

use clap_mangen::Man;

/// Definitions of roff strings that clap_mangen writes before each piece
/// it renders; the page holds them once, after its title.
const PREAMBLE: &str = ".ie \\n(.g .ds Aq \\(aq\n.el .ds Aq '\n";

/// Writes one page for the whole program: its title, name, synopsis,
/// description and options, then a section per command with that
/// command's synopsis, description, options and examples (instead of
/// pointing to a page per command, which would not be installed), then
/// the examples and the version.
pub fn write(out: &mut dyn Write, mut cmd: clap::Command) -> io::Result<()> {
    cmd.build();
    let top = Man::new(cmd.clone());
    let mut page = String::new();
    page += &piece(|w| top.render_title(w))?;
    page += PREAMBLE;
    page += &piece(|w| top.render_name_section(w))?;
    page += &piece(|w| top.render_synopsis_section(w))?;
    page += &piece(|w| top.render_description_section(w))?;
    page += &piece(|w| top.render_options_section(w))?;
    // `shimoda help COMMAND` only repeats what the page says.
    let commands = cmd
        .get_subcommands()
        .filter(|s| !s.is_hide_set() && s.get_name() != "help");
    for sub in commands {
        page += &command_section(sub)?;
    }
    page += &piece(|w| top.render_extra_section(w))?;
    page += &piece(|w| top.render_version_section(w))?;
    // Every extra text of the program is a list of examples.
    out.write_all(page.replace("\n.SH EXTRA\n", "\n.SH EXAMPLES\n").as_bytes())
}

/// A command's part of the page: its sections become subsections of one
/// section named after it.
fn command_section(sub: &clap::Command) -> io::Result<String> {
    let name = sub.get_bin_name().unwrap_or(sub.get_name()).to_uppercase();
    // The global options are described once, at the top of the page.
    let mut sub = sub.clone();
    let globals: Vec<String> = sub
        .get_arguments()
        .filter(|a| a.is_global_set())
        .map(|a| a.get_id().to_string())
        .collect();
    for id in globals {
        sub = sub.mut_arg(id, |a| a.hide(true));
    }
    let man = Man::new(sub.clone());
    let mut text = format!(".SH \"{name}\"\n");
    text += &piece(|w| man.render_description_section(w))?;
    text += &piece(|w| man.render_synopsis_section(w))?;
    if sub.get_arguments().any(|a| !a.is_hide_set()) {
        text += &piece(|w| man.render_options_section(w))?;
    }
    if sub.get_after_help().is_some() {
        text += &piece(|w| man.render_extra_section(w))?;
    }
    Ok(text
        .replace("\n.SH DESCRIPTION\n", "\n")
        .replace("\n.SH EXTRA\n", "\n.SH EXAMPLES\n")
        .replace("\n.SH ", "\n.SS "))
}

/// What one of clap_mangen's render functions writes, without the
/// preamble it puts first.
fn piece(render: impl FnOnce(&mut dyn Write) -> io::Result<()>) -> io::Result<String> {
    let mut bytes = Vec::new();
    render(&mut bytes)?;
    let text = String::from_utf8_lossy(&bytes);
    Ok(text.strip_prefix(PREAMBLE).unwrap_or(&text).to_string())
}
