//! sea-orm entities for the two knowledge tables (created by migration `m0003_knowledge`). They
//! live here rather than in `db::entity` because only this module reads or writes them.

pub mod document {
    use sea_orm::entity::prelude::*;

    #[sea_orm::model]
    #[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
    #[sea_orm(table_name = "knowledge_documents")]
    pub struct Model {
        #[sea_orm(primary_key)]
        pub id: i64,
        /// Relative to the knowledge folder, `/`-separated ("troubleshooting/audio.md").
        #[sea_orm(unique)]
        pub path: String,
        pub title: String,
        /// See `files::content_hash`: equal hash, nothing to redo.
        pub content_hash: String,
        pub updated_at: DateTimeUtc,
    }

    impl ActiveModelBehavior for ActiveModel {}
}

pub mod passage {
    use sea_orm::entity::prelude::*;

    #[sea_orm::model]
    #[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
    #[sea_orm(table_name = "knowledge_passages")]
    pub struct Model {
        #[sea_orm(primary_key)]
        pub id: i64,
        pub document_id: i64,
        /// Heading path below the document title; empty for the opening text.
        pub heading: String,
        /// Position within the document, from 0.
        pub ordinal: i32,
        pub text: String,
    }

    impl ActiveModelBehavior for ActiveModel {}
}
