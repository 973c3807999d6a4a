//! Test support for the workspace: the fixture specs compiled with warnings denied, and an
//! independent check of SDK-HMAC-SHA256 signatures as a server would do it.

#![deny(warnings)]
// rustdoc works out the auto traits of the deeply nested collections of the recursion
// fixture (`adversarial_recursion::types::Deep`) past the default limit of 128.
#![recursion_limit = "256"]

pub mod capture;
pub mod harness;
pub mod loopback;
pub mod scripted;
pub mod shared;
pub mod verify;

/// Code generated from the small fixture specs in `fixtures/specs`, compiled here so that
/// every snapshot of generated code is known to build without warnings.
pub mod fixtures {
    /// `fixtures/specs/adversarial_huge_enum.yaml`
    pub mod adversarial_huge_enum {
        include!(concat!(env!("OUT_DIR"), "/adversarial_huge_enum.rs"));
    }
    /// `fixtures/specs/adversarial_keywords.yaml`
    pub mod adversarial_keywords {
        include!(concat!(env!("OUT_DIR"), "/adversarial_keywords.rs"));
    }
    /// `fixtures/specs/adversarial_names.yaml`
    pub mod adversarial_names {
        include!(concat!(env!("OUT_DIR"), "/adversarial_names.rs"));
    }
    /// `fixtures/specs/adversarial_recursion.yaml`
    pub mod adversarial_recursion {
        include!(concat!(env!("OUT_DIR"), "/adversarial_recursion.rs"));
    }
    /// `fixtures/specs/adversarial_shadowing.yaml`
    pub mod adversarial_shadowing {
        include!(concat!(env!("OUT_DIR"), "/adversarial_shadowing.rs"));
    }
    /// `fixtures/specs/collisions.yaml`
    pub mod collisions {
        include!(concat!(env!("OUT_DIR"), "/collisions.rs"));
    }
    /// `fixtures/specs/enums.yaml`
    pub mod enums {
        include!(concat!(env!("OUT_DIR"), "/enums.rs"));
    }
    /// `fixtures/specs/global_service.yaml`
    pub mod global_service {
        include!(concat!(env!("OUT_DIR"), "/global_service.rs"));
    }
    /// `fixtures/specs/keywords.yaml`
    pub mod keywords {
        include!(concat!(env!("OUT_DIR"), "/keywords.rs"));
    }
    /// `fixtures/specs/marker_paging.yaml`
    pub mod marker_paging {
        include!(concat!(env!("OUT_DIR"), "/marker_paging.rs"));
    }
    /// `fixtures/specs/nullable.yaml`
    pub mod nullable {
        include!(concat!(env!("OUT_DIR"), "/nullable.rs"));
    }
    /// `fixtures/specs/params.yaml`
    pub mod params {
        include!(concat!(env!("OUT_DIR"), "/params.rs"));
    }
    /// `fixtures/specs/sensitive.yaml`
    pub mod sensitive {
        include!(concat!(env!("OUT_DIR"), "/sensitive.rs"));
    }
}

/// A service built by a user from a catalogue tree: `fixtures/catalogue/antiddos.yaml`, the
/// importer's output for the Anti-DDoS reference tree (`import anti-ddos --service antiddos`).
pub mod antiddos {
    include!(concat!(env!("OUT_DIR"), "/antiddos.rs"));
}

/// Three operations of the real CodeArts Artifact spec generated on their own with
/// `Config::only_operations`, compiled here with warnings denied.
pub mod selected {
    include!(concat!(env!("OUT_DIR"), "/codeartsartifact_selected.rs"));
}
