//! The dashboard player: a dashboard's sections as tabs, its rows and charts as a grid of
//! panels drawn by chart type.

pub mod panel;
